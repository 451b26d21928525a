package io.portway.command.artifact;

import io.portway.events.ArtifactStatus;
import io.portway.events.Lifecycle;
import org.axonframework.modelling.command.AggregateLifecycle;

import java.util.List;
import java.util.function.Consumer;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * The shared {@link Lifecycle} table as the aggregates apply it: a path to follow, or the refusal naming the rule.
 * Both aggregates delegate their lifecycle commands (enlist, start, stop, unenlist) to {@link #change}.
 */
public final class Transitions {

    private Transitions() {
    }

    /** The path of {@code action} from {@code from}, or {@code INVALID_TRANSITION} naming the artifact and rule. */
    public static List<ArtifactStatus> pathOrRefuse(Lifecycle action, String artifact, ArtifactStatus from) {
        List<ArtifactStatus> path = action.path(from);
        if (path.isEmpty()) {
            throw new CommandRefused(ErrorCode.INVALID_TRANSITION,
                    "cannot " + action.verb() + " " + artifact + ": it is " + from + ", and " + action.rule());
        }
        return path;
    }

    /**
     * One lifecycle command on the aggregate being handled: checks the expected version and the table, lets
     * {@code guard} refuse the path (rules that involve other artifacts) and applies one event per step (the
     * directory follows the events).
     */
    public static ChangedArtifact change(String name, ArtifactStatus status, LifecycleEvents events,
                                       Lifecycle action, Long expectedVersion,
                                       Consumer<List<ArtifactStatus>> guard) {
        String artifact = events.describe(name);
        ExpectedVersion.check(artifact, expectedVersion, version());
        List<ArtifactStatus> path = pathOrRefuse(action, artifact, status);
        guard.accept(path);
        ArtifactStatus reached = status;
        for (ArtifactStatus next : path) {
            apply(events.step(name, reached, next));
            reached = next;
        }
        return new ChangedArtifact(name, reached, version());
    }

    /**
     * The checks of a delete on the aggregate being handled: the expected version, then {@code NOT_BOUND} unless
     * the artifact is Bound.
     */
    public static void checkDeletable(String name, ArtifactStatus status, LifecycleEvents events,
                                      Long expectedVersion) {
        String artifact = events.describe(name);
        ExpectedVersion.check(artifact, expectedVersion, version());
        if (!Lifecycle.deletable(status)) {
            throw new CommandRefused(ErrorCode.NOT_BOUND, "cannot delete " + artifact + ": it is " + status
                    + ", and only a Bound " + events.kind() + " can be deleted");
        }
    }

    /** The version of the aggregate being handled, as the API shows it: the number of its events. */
    public static long version() {
        Long sequence = AggregateLifecycle.getVersion();
        return sequence == null ? 0 : sequence + 1;
    }
}
