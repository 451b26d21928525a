package io.portway.console.api;

import org.springframework.web.util.UriComponentsBuilder;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The filter of a list page: its non-blank request parameters, in order. The same parameters go to the API's list
 * ({@link Page#all(org.springframework.web.client.RestClient, String, Filters, Class, int, Object...)})
 * and into the page's own link, the {@code back} address its action buttons return to.
 */
public record Filters(Map<String, String> values) {

    public static final Filters NONE = new Filters(Map.of());

    public Filters {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** {@code of("application", application, "status", status)}: the pairs whose value is not blank. */
    public static Filters of(String... namesAndValues) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            String name = namesAndValues[i];
            nonBlank(namesAndValues[i + 1]).ifPresent(value -> values.put(name, value));
        }
        return new Filters(values);
    }

    /** {@code path} with these parameters as its query, encoded. */
    public String link(String path) {
        UriComponentsBuilder link = UriComponentsBuilder.fromPath(path);
        values.forEach(link::queryParam);
        return link.build().encode().toUriString();
    }

    public static Optional<String> nonBlank(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }
}
