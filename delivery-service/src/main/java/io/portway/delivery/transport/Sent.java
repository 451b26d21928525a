package io.portway.delivery.transport;

/**
 * A successful hand-over: the destination actually used and, for HTTP, what the destination answered.
 */
public record Sent(String destination, byte[] response, String responseContentType) {
}
