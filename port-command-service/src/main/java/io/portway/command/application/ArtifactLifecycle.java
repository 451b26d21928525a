package io.portway.command.application;

import io.portway.command.artifact.ChangedArtifact;
import io.portway.command.group.SendPortGroupCommands.ChangeSendPortGroupLifecycle;
import io.portway.command.sendport.SendPortCommands.ChangeSendPortLifecycle;
import io.portway.events.ArtifactKind;
import io.portway.events.ArtifactStatus;
import io.portway.events.Lifecycle;

/**
 * The lifecycle commands of ports and groups (the same ones their controllers send), and the action that moves an
 * artifact from one status to another along the shared {@link Lifecycle} table.
 */
public final class ArtifactLifecycle {

    private ArtifactLifecycle() {
    }

    /** The command that performs {@code action} on the artifact; its handler answers an {@link ChangedArtifact}. */
    public static Object command(ArtifactKind kind, String artifactId, Lifecycle action) {
        return switch (kind) {
            case SendPort -> new ChangeSendPortLifecycle(artifactId, action, null);
            case SendPortGroup -> new ChangeSendPortGroupLifecycle(artifactId, action, null);
        };
    }

    /** Bound < Stopped < Started. */
    public static boolean above(ArtifactStatus status, ArtifactStatus other) {
        return status.ordinal() > other.ordinal();
    }

    public static ArtifactStatus lower(ArtifactStatus a, ArtifactStatus b) {
        return above(a, b) ? b : a;
    }
}
