package io.portway.delivery.transport;

/** A failed delivery attempt; the message says what the destination did. */
public class TransportException extends Exception {

    public TransportException(String message) {
        super(message);
    }

    public TransportException(String message, Throwable cause) {
        super(message, cause);
    }
}
