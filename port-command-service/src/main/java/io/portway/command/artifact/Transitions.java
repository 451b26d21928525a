package io.portway.command.artifact;

import io.portway.events.ArtifactStatus;
import io.portway.events.Lifecycle;

import java.util.List;

/** The shared {@link Lifecycle} table as the aggregates apply it: a path to follow, or the refusal naming the rule. */
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
}
