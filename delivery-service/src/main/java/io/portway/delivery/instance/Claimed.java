package io.portway.delivery.instance;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A service instance a worker claimed (now Active), with its message; {@code traceparent} is the message's trace
 * (null when it was published without one), which its delivery continues.
 */
record Claimed(UUID id, String messageId, long publishSequence, String sendPort, String via, int attempts,
               String transport, int transportAttempts, boolean ordered, Instant acceptedAt, int resubmissions,
               Map<String, String> context, byte[] body, String contentType, String traceparent) {
}
