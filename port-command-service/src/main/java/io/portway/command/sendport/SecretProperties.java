package io.portway.command.sendport;

import io.portway.command.artifact.CommandRefused;
import io.portway.command.artifact.Fields;
import io.portway.events.SendPortConfiguration;
import io.portway.events.Transport;
import io.portway.messaging.TransportSecrets;
import io.portway.support.FieldError;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The secret transport properties of a configuration as they go into an event (docs/RULES.md §8): sealed, never in
 * clear. A secret sent as {@link TransportSecrets#MASK} keeps the one stored under the same name in the same
 * transport (refused naming the field where none is stored); a secret equal to the stored one keeps the stored
 * sealed value, so a configuration sent back unchanged changes nothing.
 */
public final class SecretProperties {

    private static final String SEALED_NEEDS = "a secret is stored sealed, and this service has no key to seal it:"
            + " set portway.secrets.key (PORTWAY_SECRETS_KEY)";

    private SecretProperties() {
    }

    /** The configuration to record, with its secrets sealed; refuses (VALIDATION_FAILED) what cannot be. */
    static SendPortConfiguration seal(SendPortConfiguration incoming, SendPortConfiguration stored,
            TransportSecrets secrets) {
        List<FieldError> errors = new ArrayList<>();
        SendPortConfiguration sealed = resolve(incoming, stored, secrets, errors);
        if (!errors.isEmpty()) {
            throw CommandRefused.invalid(errors);
        }
        return sealed;
    }

    /** What {@link #seal} would refuse, for validating a whole bindings document before anything is applied. */
    public static List<FieldError> problems(SendPortConfiguration incoming, SendPortConfiguration stored,
            TransportSecrets secrets) {
        List<FieldError> errors = new ArrayList<>();
        resolve(incoming, stored, secrets, errors);
        return errors;
    }

    /**
     * The length of a value once sealed ({@code enc:v1:} + base64 of nonce, UTF-8 bytes and tag); a
     * {@link TransportSecrets#MASK} counts as the longest stored secret could.
     */
    static int sealedLength(String value) {
        int bytes = TransportSecrets.MASK.equals(value) ? Fields.MAX_VALUE * 3
                : value.getBytes(StandardCharsets.UTF_8).length;
        return TransportSecrets.SEALED_PREFIX.length() + 4 * ((12 + bytes + 16 + 2) / 3);
    }

    private static SendPortConfiguration resolve(SendPortConfiguration incoming, SendPortConfiguration stored,
            TransportSecrets secrets, List<FieldError> errors) {
        Transport primary = transport(incoming.primaryTransport(),
                stored == null ? null : stored.primaryTransport(), "primaryTransport", secrets, errors);
        Transport backup = transport(incoming.backupTransport(),
                stored == null ? null : stored.backupTransport(), "backupTransport", secrets, errors);
        return new SendPortConfiguration(incoming.description(), incoming.application(), primary, backup,
                incoming.sendPipeline(), incoming.filter(), incoming.priority(), incoming.orderedDelivery(),
                incoming.stopSendingOnFailure(), incoming.routeFailedMessages(), incoming.tracking());
    }

    private static Transport transport(Transport incoming, Transport stored, String field, TransportSecrets secrets,
            List<FieldError> errors) {
        if (incoming == null) {
            return null;
        }
        Map<String, String> storedProperties = stored == null ? Map.of() : stored.properties();
        Map<String, String> properties = new HashMap<>();
        incoming.properties().forEach((name, value) -> {
            if (!TransportSecrets.isSecret(name)) {
                properties.put(name, value);
                return;
            }
            String entry = field + ".properties." + name;
            String kept = storedProperties.get(name);
            if (TransportSecrets.MASK.equals(value)) {
                if (kept == null) {
                    errors.add(new FieldError(entry, "is \"" + TransportSecrets.MASK + "\" (keep the stored secret),"
                            + " but no secret is stored under this name in " + field + ": send its value"));
                } else {
                    properties.put(name, kept);
                }
            } else if (TransportSecrets.isSealed(value)) {
                errors.add(new FieldError(entry, "must not start with " + TransportSecrets.SEALED_PREFIX
                        + ": that is the stored form of a secret, never accepted from a client"));
            } else if (kept != null && value.equals(openOrNull(kept, secrets))) {
                properties.put(name, kept.startsWith(TransportSecrets.SEALED_PREFIX) || !secrets.hasKey()
                        ? kept : secrets.seal(value));
            } else if (!secrets.hasKey()) {
                errors.add(new FieldError(entry, SEALED_NEEDS));
            } else {
                properties.put(name, secrets.seal(value));
            }
        });
        return new Transport(incoming.type(), incoming.address(), properties, incoming.retryCount(),
                incoming.retryInterval(), incoming.serviceWindow());
    }

    private static String openOrNull(String stored, TransportSecrets secrets) {
        try {
            return secrets.open(stored);
        } catch (IllegalStateException e) {
            return null;
        }
    }
}
