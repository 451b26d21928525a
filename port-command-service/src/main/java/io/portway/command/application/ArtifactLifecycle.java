package io.portway.command.application;

import io.portway.command.artifact.ChangedArtifact;
import io.portway.command.group.SendPortGroupCommands.EnlistSendPortGroup;
import io.portway.command.group.SendPortGroupCommands.StartSendPortGroup;
import io.portway.command.group.SendPortGroupCommands.StopSendPortGroup;
import io.portway.command.group.SendPortGroupCommands.UnenlistSendPortGroup;
import io.portway.command.sendport.SendPortCommands.EnlistSendPort;
import io.portway.command.sendport.SendPortCommands.StartSendPort;
import io.portway.command.sendport.SendPortCommands.StopSendPort;
import io.portway.command.sendport.SendPortCommands.UnenlistSendPort;
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
            case SendPort -> switch (action) {
                case ENLIST -> new EnlistSendPort(artifactId, null);
                case START -> new StartSendPort(artifactId, null);
                case STOP -> new StopSendPort(artifactId, null);
                case UNENLIST -> new UnenlistSendPort(artifactId, null);
            };
            case SendPortGroup -> switch (action) {
                case ENLIST -> new EnlistSendPortGroup(artifactId, null);
                case START -> new StartSendPortGroup(artifactId, null);
                case STOP -> new StopSendPortGroup(artifactId, null);
                case UNENLIST -> new UnenlistSendPortGroup(artifactId, null);
            };
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
