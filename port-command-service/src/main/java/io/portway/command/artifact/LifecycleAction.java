package io.portway.command.artifact;

import io.portway.events.ArtifactStatus;

import java.util.List;

import static io.portway.events.ArtifactStatus.Bound;
import static io.portway.events.ArtifactStatus.Started;
import static io.portway.events.ArtifactStatus.Stopped;

/**
 * The lifecycle table of PRODUCT.md §2, identical for ports and groups. {@link #path(ArtifactStatus)} lists the
 * statuses an action passes through, one event per step: start from Bound enlists first, unenlist from Started
 * stops first.
 */
public enum LifecycleAction {
    ENLIST("enlist", "only a Bound artifact can be enlisted"),
    START("start", "an artifact that is already Started cannot be started"),
    STOP("stop", "only a Started artifact can be stopped"),
    UNENLIST("unenlist", "a Bound artifact is not enlisted");

    private final String verb;
    private final String rule;

    LifecycleAction(String verb, String rule) {
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

    /** The path, or the refusal that names the artifact, its state and the rule. */
    public List<ArtifactStatus> pathOrRefuse(String artifact, ArtifactStatus from) {
        List<ArtifactStatus> path = path(from);
        if (path.isEmpty()) {
            throw new CommandRefused(ErrorCode.INVALID_TRANSITION,
                    "cannot " + verb + " " + artifact + ": it is " + from + ", and " + rule);
        }
        return path;
    }

    public String verb() {
        return verb;
    }

    public static boolean enlisted(ArtifactStatus status) {
        return status == Stopped || status == Started;
    }
}
