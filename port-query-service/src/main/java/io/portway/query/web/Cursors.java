package io.portway.query.web;

import io.portway.support.FieldError;
import io.portway.support.PortwayException;
import org.springframework.http.HttpStatus;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/** Opaque page cursors: the sort key of the last item of a page, base64url-encoded. */
public final class Cursors {

    private static final String SEPARATOR = "\u001f";

    private Cursors() {
    }

    public static String encode(String... keys) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(String.join(SEPARATOR, keys).getBytes(StandardCharsets.UTF_8));
    }

    /** The keys of a cursor, or null for no cursor; a cursor this service did not issue is a 400. */
    public static String[] decode(String cursor, int keys) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        try {
            String[] decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8)
                    .split(SEPARATOR, -1);
            if (decoded.length == keys) {
                return decoded;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw invalid();
    }

    public static PortwayException invalid() {
        return new PortwayException(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", "cursor is not a cursor of this list",
                List.of(new FieldError("cursor", "not a cursor this service issued")));
    }
}
