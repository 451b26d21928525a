package io.portway.delivery.transport;

import io.portway.events.TransportType;

/** Hands one message to one destination; throws when it was not accepted. */
public interface TransportAdapter {

    TransportType type();

    Sent send(Outbound outbound) throws TransportException;
}
