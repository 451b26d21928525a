package io.portway.messaging;

import io.portway.events.SendPortConfiguration;
import io.portway.events.Transport;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Secret transport properties (docs/RULES.md §8): which keys are secrets, their sealed form in events and on Kafka,
 * and their redacted form in every read.
 * <p>
 * A value is sealed with AES-256-GCM under a 32-byte key, a random 12-byte nonce per value, and written as
 * {@code enc:v1:} + base64(nonce ‖ ciphertext ‖ 16-byte tag). A value that is not sealed (events written before
 * secrets were sealed) is opened as itself, so old events stay readable.
 * <p>
 * An instance made by {@link #withoutKey()} redacts and passes unsealed values through, but refuses to seal or
 * to open a sealed value with an {@link IllegalStateException} saying which setting is missing: a service
 * without a key starts, and fails only where a secret is actually used.
 */
public final class TransportSecrets {

    /** What every read shows instead of a secret's value; sent back by a client, it means "keep the stored one". */
    public static final String MASK = "******";
    /** The prefix of a sealed value. */
    public static final String SEALED_PREFIX = "enc:v1:";

    static final String MISSING_KEY = "no secrets key is configured: set portway.secrets.key "
            + "(environment PORTWAY_SECRETS_KEY, 32 random bytes in base64) to store transport secrets";

    private static final Set<String> SECRET_KEYS = Set.of("password", "token", "apikey", "clientsecret");
    private static final String[] SECRET_SUFFIXES = {"password", "secret", "token"};
    private static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    private TransportSecrets(SecretKeySpec key) {
        this.key = key;
    }

    /** A 32-byte key in base64 (standard alphabet; surrounding white space ignored). */
    public static TransportSecrets fromBase64(String base64Key) {
        if (base64Key == null || base64Key.isBlank()) {
            throw new IllegalArgumentException("the secrets key is empty: " + MISSING_KEY);
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64Key.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the secrets key is not valid base64", e);
        }
        if (bytes.length != KEY_BYTES) {
            throw new IllegalArgumentException(
                    "the secrets key must be 32 bytes (AES-256), base64-encoded; it has " + bytes.length);
        }
        return new TransportSecrets(new SecretKeySpec(bytes, "AES"));
    }

    /** Redacts and reads unsealed values; sealing or opening a sealed value fails saying the key is missing. */
    public static TransportSecrets withoutKey() {
        return new TransportSecrets(null);
    }

    /** A fresh random key in base64, for tools that create a key file. */
    public static String generateKey() {
        byte[] bytes = new byte[KEY_BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    /**
     * Whether a transport property holds a secret: {@code password}, {@code token}, {@code apiKey},
     * {@code clientSecret}, or a name ending in {@code Password}, {@code Secret} or {@code Token}. Letter case is
     * ignored, so {@code PASSWORD} and {@code db_password} are secrets too: redacting one property too many is
     * the safe mistake.
     */
    public static boolean isSecret(String key) {
        if (key == null) {
            return false;
        }
        String lower = key.toLowerCase(Locale.ROOT);
        if (SECRET_KEYS.contains(lower)) {
            return true;
        }
        for (String suffix : SECRET_SUFFIXES) {
            if (lower.endsWith(suffix)) {
                return true;
            }
        }
        return false;
    }

    public static boolean isSealed(String value) {
        return value != null && value.startsWith(SEALED_PREFIX);
    }

    /** Whether this instance holds a key (and so can seal and open). */
    public boolean hasKey() {
        return key != null;
    }

    /** Seals a plaintext; a fresh nonce each time, so sealing the same value twice gives different results. */
    public String seal(String plaintext) {
        if (plaintext == null) {
            return null;
        }
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, requireKey(), new GCMParameterSpec(TAG_BITS, nonce));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return SEALED_PREFIX + Base64.getEncoder().encodeToString(
                    ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a secret could not be sealed: " + e.getClass().getSimpleName(), e);
        }
    }

    /**
     * The plaintext of a sealed value; a value that is not sealed is returned unchanged. A sealed value that does
     * not open (another key, altered bytes) fails without quoting the value.
     */
    public String open(String value) {
        if (!isSealed(value)) {
            return value;
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(value.substring(SEALED_PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("a sealed secret is not valid base64");
        }
        if (bytes.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new IllegalStateException("a sealed secret is too short to be one");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, requireKey(), new GCMParameterSpec(TAG_BITS, bytes, 0, NONCE_BYTES));
            byte[] plain = cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new IllegalStateException(
                    "a sealed secret does not open with the configured key (portway.secrets.key changed?)");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a sealed secret could not be opened: " + e.getClass().getSimpleName());
        }
    }

    /** The properties with every secret's value sealed; values already sealed are kept as they are. */
    public Map<String, String> sealSecrets(Map<String, String> properties) {
        return mapSecrets(properties, value -> isSealed(value) ? value : seal(value));
    }

    /** The properties with every sealed secret opened (what a transport needs at send time). */
    public Map<String, String> openSecrets(Map<String, String> properties) {
        return mapSecrets(properties, this::open);
    }

    /** The properties with every secret's value replaced by {@link #MASK}; {@code null} stays {@code null}. */
    public static Map<String, String> redact(Map<String, String> properties) {
        return mapSecrets(properties, value -> MASK);
    }

    /** The configuration as every read shows it: each transport's secrets replaced by {@link #MASK}. */
    public static SendPortConfiguration redacted(SendPortConfiguration c) {
        if (c == null) {
            return null;
        }
        return new SendPortConfiguration(c.description(), c.application(), redacted(c.primaryTransport()),
                redacted(c.backupTransport()), c.sendPipeline(), c.filter(), c.priority(), c.orderedDelivery(),
                c.stopSendingOnFailure(), c.routeFailedMessages(), c.tracking());
    }

    private static Transport redacted(Transport transport) {
        return transport == null ? null : new Transport(transport.type(), transport.address(),
                redact(transport.properties()), transport.retryCount(), transport.retryInterval(),
                transport.serviceWindow());
    }

    private static Map<String, String> mapSecrets(Map<String, String> properties, UnaryOperator<String> secret) {
        if (properties == null) {
            return null;
        }
        Map<String, String> result = new LinkedHashMap<>();
        properties.forEach((name, value) ->
                result.put(name, value != null && isSecret(name) ? secret.apply(value) : value));
        return Collections.unmodifiableMap(result);
    }

    private SecretKeySpec requireKey() {
        if (key == null) {
            throw new IllegalStateException(MISSING_KEY);
        }
        return key;
    }

    @Override
    public String toString() {
        return "TransportSecrets[" + (key == null ? "no key" : "key set") + "]";
    }
}
