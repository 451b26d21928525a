package io.portway.events;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import static io.portway.events.ArtifactStatus.Bound;
import static io.portway.events.ArtifactStatus.Started;
import static io.portway.events.ArtifactStatus.Stopped;

/**
 * The lifecycle table of ports and groups (docs/LIFECYCLE.md), the one copy every service and the console use.
 * {@link #path(ArtifactStatus)} lists the statuses an action passes through, one event per step: start from Bound
 * enlists first, unenlist from Started stops first; an empty path is a refusal ({@code INVALID_TRANSITION}). The
 * rules that span artifacts are here too, each named by the refusal code the command service answers.
 */
public enum Lifecycle {
    ENLIST("enlist", "only a Bound artifact can be enlisted"),
    START("start", "an artifact that is already Started cannot be started"),
    STOP("stop", "only a Started artifact can be stopped"),
    UNENLIST("unenlist", "a Bound artifact is not enlisted");

    private final String verb;
    private final String rule;

    Lifecycle(String verb, String rule) {
        this.verb = verb;
        this.rule = rule;
    }

    /** The statuses reached one after the other, or empty when the table refuses the action. */
    public List<ArtifactStatus> path(ArtifactStatus from) {
        return switch (this) {
            case ENLIST -> from == Bound ? List.of(Stopped) : List.of();
            case START -> switch (from) {
                case Bound -> List.of(Stopped, Started);
                case Stopped -> List.of(Started);
                case Started -> List.of();
            };
            case STOP -> from == Started ? List.of(Stopped) : List.of();
            case UNENLIST -> switch (from) {
                case Bound -> List.of();
                case Stopped -> List.of(Bound);
                case Started -> List.of(Stopped, Bound);
            };
        };
    }

    /** Whether the table allows this action from {@code from}. */
    public boolean allowedFrom(ArtifactStatus from) {
        return !path(from).isEmpty();
    }

    /** The status the action ends in. */
    public ArtifactStatus target() {
        return switch (this) {
            case ENLIST, STOP -> Stopped;
            case START -> Started;
            case UNENLIST -> Bound;
        };
    }

    public String verb() {
        return verb;
    }

    /** The rule a refusal of this action names. */
    public String rule() {
        return rule;
    }

    /** The one action that leads from {@code from} to {@code to}; null when they are equal. */
    public static Lifecycle towards(ArtifactStatus from, ArtifactStatus to) {
        if (from == to) {
            return null;
        }
        return switch (to) {
            case Started -> START;
            case Stopped -> from == Bound ? ENLIST : STOP;
            case Bound -> UNENLIST;
        };
    }

    /** Stopped and Started artifacts are enlisted: their subscriptions exist. */
    public static boolean enlisted(ArtifactStatus status) {
        return status == Stopped || status == Started;
    }

    /** {@code NOT_BOUND}: only a Bound port or group can be deleted (a port also only when in no group). */
    public static boolean deletable(ArtifactStatus status) {
        return status == Bound;
    }

    /** {@code NO_ENLISTED_MEMBER}: a group starts (or enlists) only with at least one enlisted member. */
    public static boolean hasEnlistedMember(Collection<ArtifactStatus> memberStatuses) {
        return memberStatuses.stream().anyMatch(Lifecycle::enlisted);
    }

    /** {@code MEMBER_NOT_STOPPED}: a port leaves a group only while it is Stopped or Bound. */
    public static boolean removableMember(ArtifactStatus memberStatus) {
        return memberStatus != Started;
    }

    /**
     * The status an event leaves its artifact in, for the events that set one (creations, enlist, start, stop,
     * unenlist); empty for the others. Every consumer that keeps a status follows the events through this.
     */
    public static Optional<ArtifactStatus> statusAfter(PortwayEvent event) {
        if (event instanceof SendPortCreated || event instanceof SendPortGroupCreated
                || event instanceof SendPortUnenlisted || event instanceof SendPortGroupUnenlisted) {
            return Optional.of(Bound);
        }
        if (event instanceof SendPortEnlisted || event instanceof SendPortGroupEnlisted
                || event instanceof SendPortStopped || event instanceof SendPortGroupStopped) {
            return Optional.of(Stopped);
        }
        if (event instanceof SendPortStarted || event instanceof SendPortGroupStarted) {
            return Optional.of(Started);
        }
        return Optional.empty();
    }
}
