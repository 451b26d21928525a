package io.portway.delivery.message;

import io.portway.support.ControlCharacters;
import io.portway.support.FieldError;
import io.portway.support.PortwayException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The limits of docs/RULES.md §8 on a message, the same for the REST and the Kafka intake: a body of at most
 * {@code portway.delivery.max-message-bytes} (413 {@code MESSAGE_TOO_LARGE}); at most 100 context properties, names
 * of 1–256 and values of at most 4,096 characters, no control characters in names, values, the id or the content
 * type (400 {@code VALIDATION_FAILED} naming each field).
 */
@Component
public class MessageLimits {

    static final int MAX_PROPERTIES = 100;
    static final int MAX_NAME = 256;
    static final int MAX_VALUE = 4096;
    static final int MAX_ID = 256;
    static final int MAX_CONTENT_TYPE = 256;

    private final long maxBodyBytes;

    MessageLimits(@Value("${portway.delivery.max-message-bytes:4MB}") DataSize maxBody) {
        this.maxBodyBytes = maxBody.toBytes();
    }

    long maxBodyBytes() {
        return maxBodyBytes;
    }

    /** Refuses a body longer than the limit before it is decoded: {@code encodedLength} chars of base64. */
    /**
     * The bytes of a publish's {@code body} in its {@code bodyEncoding} (utf-8 by default, or base64, whose length
     * is checked before it is decoded); no body is an empty one. Used by publish and explain alike.
     */
    public byte[] decodeBody(String body, String encoding) {
        if (body == null) {
            return new byte[0];
        }
        if (encoding == null || encoding.equalsIgnoreCase("utf-8") || encoding.equalsIgnoreCase("utf8")) {
            return body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        if (encoding.equalsIgnoreCase("base64")) {
            checkBase64Length(body.length());
            try {
                return java.util.Base64.getDecoder().decode(body.strip());
            } catch (IllegalArgumentException e) {
                throw new PortwayException(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", "body is not valid base64",
                        List.of(new FieldError("body", "is not valid base64")));
            }
        }
        throw new PortwayException(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", "bodyEncoding must be utf-8 or base64",
                List.of(new FieldError("bodyEncoding", "must be utf-8 or base64")));
    }

    public void checkBase64Length(long encodedLength) {
        if (encodedLength / 4 * 3 > maxBodyBytes + 3) {
            throw tooLarge(encodedLength / 4 * 3);
        }
    }

    /** Throws 413 or 400 (naming every offending field) when the message breaks a limit. */
    public void check(IncomingMessage message) {
        if (message.body().length > maxBodyBytes) {
            throw tooLarge(message.body().length);
        }
        List<FieldError> errors = new ArrayList<>();
        text(errors, "id", message.id(), MAX_ID);
        text(errors, "contentType", message.contentType(), MAX_CONTENT_TYPE);
        Map<String, String> context = message.context();
        if (context.size() > MAX_PROPERTIES) {
            errors.add(new FieldError("context", "at most " + MAX_PROPERTIES + " properties; it has "
                    + context.size()));
        } else {
            context.forEach((name, value) -> {
                String field = "context." + shown(name);
                if (name.isEmpty() || name.length() > MAX_NAME) {
                    errors.add(new FieldError(field, "a property name has 1 to " + MAX_NAME + " characters"));
                } else if (ControlCharacters.in(name)) {
                    errors.add(new FieldError(field, "a property name must not contain control characters"));
                } else {
                    text(errors, field, value, MAX_VALUE);
                }
            });
        }
        if (!errors.isEmpty()) {
            throw new PortwayException(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", "the message breaks a limit: "
                    + errors.stream().map(e -> e.field() + " " + e.message()).toList(), errors);
        }
    }

    private PortwayException tooLarge(long bytes) {
        return new PortwayException(HttpStatus.PAYLOAD_TOO_LARGE, "MESSAGE_TOO_LARGE", "the message body has "
                + bytes + " bytes; at most " + maxBodyBytes + " are accepted (portway.delivery.max-message-bytes)");
    }

    private static void text(List<FieldError> errors, String field, String value, int max) {
        if (value == null) {
            return;
        }
        if (value.length() > max) {
            errors.add(new FieldError(field, "at most " + max + " characters; it has " + value.length()));
        } else if (ControlCharacters.in(value)) {
            errors.add(new FieldError(field, "must not contain control characters (U+0000–U+001F, U+007F)"));
        }
    }

    /** A name as it may appear in an answer: printable and short. */
    private static String shown(String name) {
        StringBuilder shown = new StringBuilder();
        for (int i = 0; i < name.length() && shown.length() < 64; i++) {
            char c = name.charAt(i);
            shown.append(c < 0x20 || c == 0x7F ? '?' : c);
        }
        return name.length() > 64 ? shown + "…" : shown.toString();
    }
}
