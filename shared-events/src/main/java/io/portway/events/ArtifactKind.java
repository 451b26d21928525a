package io.portway.events;

/** The two kinds of artifact that share one namespace of names. */
public enum ArtifactKind {
    SendPort,
    SendPortGroup
}
