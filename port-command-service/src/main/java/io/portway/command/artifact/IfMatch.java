package io.portway.command.artifact;

import io.portway.support.FieldError;

import java.util.List;

/** Reads {@code If-Match: "<version>"} (quotes optional, {@code *} or absent = any version). */
public final class IfMatch {

    public static final String HEADER = "If-Match";

    private IfMatch() {
    }

    public static Long parse(String header) {
        if (header == null || header.isBlank() || header.strip().equals("*")) {
            return null;
        }
        String value = header.strip();
        if (value.startsWith("W/")) {
            value = value.substring(2);
        }
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
        }
        try {
            long version = Long.parseLong(value);
            if (version >= 1) {
                return version;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw CommandRefused.invalid(List.of(new FieldError(HEADER, "must be a version such as \"3\"")));
    }
}
