package io.portway.support;

import java.nio.ByteBuffer;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.UUID;

/**
 * Random (version 4) UUIDs, as {@link UUID#randomUUID()} makes them, from a {@link SecureRandom} of the calling
 * thread's own. {@code UUID.randomUUID()} draws from one shared {@code NativePRNG} whose lock every thread queues on
 * (and every {@code NativePRNG} instance shares it): under the command benchmark JFR found request and publication
 * threads blocked there for 8 s in 40 s. A DRBG instance per thread is as strong and never contended.
 */
public final class Uuids {

    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(() -> {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java 9+ runtime has DRBG", e);
        }
    });

    private Uuids() {
    }

    /** A new random UUID (version 4, IETF variant). */
    public static UUID random() {
        byte[] bytes = new byte[16];
        RANDOM.get().nextBytes(bytes);
        bytes[6] = (byte) ((bytes[6] & 0x0f) | 0x40);
        bytes[8] = (byte) ((bytes[8] & 0x3f) | 0x80);
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        return new UUID(buffer.getLong(), buffer.getLong());
    }
}
