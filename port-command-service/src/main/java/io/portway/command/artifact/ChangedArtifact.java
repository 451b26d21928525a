package io.portway.command.artifact;

import io.portway.events.ArtifactStatus;

/** An artifact as a command left it, which is what the command answers: {@code {name, status, version}}. */
public record ChangedArtifact(String name, ArtifactStatus status, long version) {
}
