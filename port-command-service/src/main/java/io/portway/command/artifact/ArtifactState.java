package io.portway.command.artifact;

import io.portway.events.ArtifactStatus;

/** What a lifecycle action answers: {@code {name, status, version}}. */
public record ArtifactState(String name, ArtifactStatus status, long version) {
}
