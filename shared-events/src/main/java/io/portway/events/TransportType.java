package io.portway.events;

/** The adapters a transport can use. */
public enum TransportType {
    FILE,
    HTTP,
    KAFKA
}
