package io.portway.delivery.routing;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * A context property or filter value with the types PRODUCT.md §3 compares by: a number when it parses as one, an
 * instant when it parses as an ISO-8601 date-time, and always its string. Parsed once, compared many times.
 */
public record TypedValue(String raw, BigDecimal number, Instant instant) {

    public static TypedValue of(String raw) {
        BigDecimal number = parseNumber(raw);
        return new TypedValue(raw, number, number == null ? parseInstant(raw) : null);
    }

    /** Numeric when both are numbers, by instant when both are instants, else by string. */
    public int compareTo(TypedValue other) {
        if (number != null && other.number != null) {
            return number.compareTo(other.number);
        }
        if (instant != null && other.instant != null) {
            return instant.compareTo(other.instant);
        }
        return raw.compareTo(other.raw);
    }

    /**
     * A key that two values share exactly when {@link #compareTo} finds them equal, so {@code ==} statements can be
     * found by hashing.
     */
    public String equalityKey() {
        if (number != null) {
            return "n:" + (number.signum() == 0 ? "0" : number.stripTrailingZeros().toPlainString());
        }
        if (instant != null) {
            return "t:" + instant;
        }
        return "s:" + raw;
    }

    static BigDecimal parseNumber(String raw) {
        if (raw == null || raw.isEmpty() || raw.length() > 100) {
            return null;
        }
        char first = raw.charAt(0);
        if (!(Character.isDigit(first) || first == '-' || first == '+' || first == '.')) {
            return null;
        }
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (!(c >= '0' && c <= '9' || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E')) {
                return null;
            }
        }
        try {
            return new BigDecimal(raw);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static Instant parseInstant(String raw) {
        if (raw == null || raw.length() < 10 || raw.charAt(4) != '-' || raw.charAt(7) != '-'
                || !Character.isDigit(raw.charAt(0))) {
            return null;
        }
        try {
            if (raw.length() == 10) {
                return LocalDate.parse(raw).atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            char last = raw.charAt(raw.length() - 1);
            boolean zoned = last == 'Z' || last == 'z' || raw.lastIndexOf('+') > 10 || raw.lastIndexOf('-') > 10;
            return zoned ? OffsetDateTime.parse(raw).toInstant()
                    : LocalDateTime.parse(raw).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
