package io.portway.delivery.routing;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * A context property or filter value with the types docs/RULES.md §3 compares by: a number when it parses as one, an
 * instant when it parses as an ISO-8601 date-time, and always its string. Parsed once, compared many times.
 */
public record TypedValue(String raw, BigDecimal number, Instant instant) {

    private static final long MAX_SCALE = 2_000_000_000L;

    public static TypedValue of(String raw) {
        BigDecimal number = parseNumber(raw);
        return new TypedValue(raw, number, number == null ? parseInstant(raw) : null);
    }

    /**
     * Numeric when both are numbers, by instant when both are instants, else by string. Numbers are compared by
     * {@link BigDecimal#compareTo}, which decides by the adjusted exponents before it aligns scales; with at most 100
     * characters per number the alignment is bounded, so even {@code 1e999999999} compares in constant time.
     */
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
     * found by hashing. A number's key is its digits without trailing zeros and its exponent, never its expansion:
     * {@code 1e999999999} costs no more than {@code 1} (docs/RULES.md §8).
     */
    public String equalityKey() {
        if (number != null) {
            if (number.signum() == 0) {
                return "n:0";
            }
            BigDecimal canonical = number.stripTrailingZeros();
            return "n:" + canonical.unscaledValue() + "e" + (-(long) canonical.scale());
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
            BigDecimal number = new BigDecimal(raw);
            // exponents near the int limit would overflow when trailing zeros are stripped: such a value is text
            return Math.abs((long) number.scale()) > MAX_SCALE ? null : number;
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
