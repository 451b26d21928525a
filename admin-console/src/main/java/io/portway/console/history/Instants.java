package io.portway.console.history;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** The instants typed into {@code datetime-local} inputs, which the pages label as UTC. */
final class Instants {

    private Instants() {
    }

    /** {@code 2026-11-27T10:15} (or with seconds, or a full ISO instant) as an instant in UTC. */
    static Optional<Instant> parse(String typed) {
        if (typed == null || typed.isBlank()) {
            return Optional.empty();
        }
        String value = typed.trim();
        try {
            return Optional.of(Instant.parse(value));
        } catch (DateTimeParseException notAnInstant) {
            try {
                return Optional.of(LocalDateTime.parse(value).toInstant(ZoneOffset.UTC));
            } catch (DateTimeParseException notLocal) {
                throw new IllegalArgumentException("'" + typed + "' is not a date and time such as 2026-11-27T10:15");
            }
        }
    }

    /** The {@code datetime-local} form of an instant (UTC, to the second). */
    static String local(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC).withNano(0).toString();
    }
}
