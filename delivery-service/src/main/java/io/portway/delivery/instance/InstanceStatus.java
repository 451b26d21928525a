package io.portway.delivery.instance;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The statuses of a service instance; constant names are the API's values. The transitions between them are
 * described in docs/SERVICE-INSTANCES.md; the sets below are the only place that says which status allows what.
 */
public enum InstanceStatus {
    ReadyToRun,
    Active,
    Scheduled,
    WaitingToRetry,
    Suspended,
    SuspendedNotResumable,
    Completed,
    Terminated;

    /** Waiting for a worker (Active too: a claim whose lease expired is claimed again). */
    static final Set<InstanceStatus> CLAIMABLE = EnumSet.of(ReadyToRun, WaitingToRetry, Scheduled, Active);
    /** An ordered port delivers an instance only when no earlier instance of the port is in one of these. */
    static final Set<InstanceStatus> BLOCKS_LATER_ORDERED = EnumSet.of(ReadyToRun, WaitingToRetry, Scheduled, Active,
            Suspended);
    /** What an operator may suspend, and what an ordered port's failure suspends behind it. */
    static final Set<InstanceStatus> SUSPENDABLE = EnumSet.of(ReadyToRun, Scheduled, WaitingToRetry);
    static final Set<InstanceStatus> TERMINABLE = EnumSet.of(ReadyToRun, Scheduled, WaitingToRetry, Suspended,
            SuspendedNotResumable);
    static final Set<InstanceStatus> RESUMABLE = EnumSet.of(Suspended);
    static final Set<InstanceStatus> FINAL = EnumSet.of(Completed, Terminated);

    boolean isFinal() {
        return FINAL.contains(this);
    }

    /** The statuses as an SQL list, e.g. {@code ('ReadyToRun', 'Active')}; names are Java identifiers, so safe. */
    static String sql(Set<InstanceStatus> statuses) {
        return Arrays.stream(values()).filter(statuses::contains).map(status -> "'" + status.name() + "'")
                .collect(Collectors.joining(", ", "(", ")"));
    }
}
