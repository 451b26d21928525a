package io.portway.testsupport.fuzz;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The random values of {@link ApiFuzz} calls: path variables, query strings and content types, and the kinds of
 * text they and {@link JsonBodies} mix in (plausible names, any characters, numbers too large for any type).
 */
final class Values {

    /** Stands for "none" among generated values (jqwik arbitraries do not hold null). */
    static final String NOBODY = "\u0000none\u0000";
    private static final Pattern VARIABLE = Pattern.compile("\\{([^}]+)}");

    private Values() {
    }

    static Arbitrary<String> contentType() {
        return Arbitraries.frequency(
                Tuple.of(12, "application/json"),
                Tuple.of(1, "text/plain"),
                Tuple.of(1, "application/xml"),
                Tuple.of(1, NOBODY));
    }

    static Arbitrary<String> path(String template, List<String> names) {
        Matcher matcher = VARIABLE.matcher(template);
        List<String> parts = new ArrayList<>();
        int last = 0;
        int variables = 0;
        while (matcher.find()) {
            parts.add(template.substring(last, matcher.start()));
            parts.add(null);
            variables++;
            last = matcher.end();
        }
        parts.add(template.substring(last));
        if (variables == 0) {
            return Arbitraries.just(template);
        }
        return pathSegment(names).list().ofSize(variables).map(values -> {
            StringBuilder path = new StringBuilder();
            Iterator<String> value = values.iterator();
            for (String part : parts) {
                path.append(part == null ? URLEncoder.encode(value.next(), StandardCharsets.UTF_8)
                        .replace("+", "%20") : part);
            }
            return path.toString();
        });
    }

    private static Arbitrary<String> pathSegment(List<String> names) {
        return Arbitraries.frequencyOf(
                Tuple.of(4, simpleName()),
                Tuple.of(names.isEmpty() ? 0 : 4, names.isEmpty() ? simpleName() : Arbitraries.of(names)),
                Tuple.of(2, anyText(64)),
                Tuple.of(1, Arbitraries.strings().alpha().ofLength(300)),
                Tuple.of(1, Arbitraries.of("", " ", ".", "..", "%", "\u0000", "a/b", "-1", "1e999999999")));
    }

    static Arbitrary<String> query(List<String> parameters) {
        if (parameters.isEmpty()) {
            return Arbitraries.frequency(Tuple.of(4, ""), Tuple.of(1, "x=%00&limit=-1"));
        }
        Arbitrary<Optional<String>> one = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just(Optional.<String>empty())),
                Tuple.of(4, queryValue().map(Optional::of)));
        return one.list().ofSize(parameters.size()).map(values -> {
            StringBuilder query = new StringBuilder();
            for (int i = 0; i < parameters.size(); i++) {
                if (values.get(i).isPresent()) {
                    query.append(query.isEmpty() ? "" : "&").append(URLEncoder.encode(parameters.get(i),
                            StandardCharsets.UTF_8)).append('=').append(URLEncoder.encode(values.get(i).get(),
                            StandardCharsets.UTF_8));
                }
            }
            return query.toString();
        });
    }

    private static Arbitrary<String> queryValue() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.integers().between(-5, 20).map(String::valueOf)),
                Tuple.of(2, Arbitraries.of("2026-01-01T00:00:00Z", "1970-01-01T00:00:00Z", "+999999999-12-31T23:59:59Z",
                        "2026-13-45T99:99:99Z", "P1D", "now", "true", "Started", "Bound", "FILE", "HTTP")),
                Tuple.of(2, hugeNumberText()),
                Tuple.of(2, anyText(64)),
                Tuple.of(1, simpleName()),
                Tuple.of(1, Arbitraries.strings().alpha().ofLength(5000)));
    }

    static Arbitrary<String> simpleName() {
        return Arbitraries.strings().withChars("abcfz-.").ofMinLength(1).ofMaxLength(6).map(s -> "fz" + s);
    }

    /** Any characters, control characters and surrogates included, up to {@code max} long. */
    static Arbitrary<String> anyText(int max) {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.strings().all().ofMaxLength(max)),
                Tuple.of(2, Arbitraries.strings().withCharRange('\u0000', '\u001f').withChars("a \u007f\u2028é😀")
                        .ofMaxLength(max)),
                Tuple.of(1, Arbitraries.strings().ascii().ofMaxLength(max)));
    }

    static Arbitrary<String> hugeNumberText() {
        return Arbitraries.of("1e999999999", "-1e999999999", "1e-999999999", "9".repeat(400),
                "0." + "0".repeat(400) + "1", String.valueOf(Long.MAX_VALUE), "9223372036854775808",
                String.valueOf(Integer.MIN_VALUE), "-0", "NaN", "Infinity", "0x10", "1_000");
    }
}
