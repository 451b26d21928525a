package io.portway.console.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.ResolvableType;
import org.springframework.web.client.RestClient;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** A page of a list answer: {@code {items, next}} where {@code next} is the cursor of the following page. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Page<T>(List<T> items, String next) {

    public Page {
        items = items == null ? List.of() : items;
    }

    /**
     * Every item of the list at {@code path} of a service, each read as an {@code itemType}, with the {@code filters}
     * as query parameters, following {@code next} cursors (at most {@code maxPages} pages); {@code uriVariables}
     * expand {@code path}'s templates.
     */
    public static <T> List<T> all(RestClient service, String path, Filters filters, Class<T> itemType, int maxPages,
            Object... uriVariables) {
        ParameterizedTypeReference<Page<T>> type = ParameterizedTypeReference.forType(
                ResolvableType.forClassWithGenerics(Page.class, itemType).getType());
        return all(cursor -> service.get().uri(builder -> {
            builder.path(path);
            filters.values().forEach(builder::queryParam);
            if (cursor != null) {
                builder.queryParam("cursor", cursor);
            }
            return builder.build(uriVariables);
        }).retrieve().body(type), maxPages);
    }

    /** Every item of a list, following {@code next} cursors (at most {@code maxPages} pages). */
    public static <T> List<T> all(Function<String, Page<T>> fetchPage, int maxPages) {
        List<T> all = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < maxPages; page++) {
            Page<T> answer = fetchPage.apply(cursor);
            if (answer == null) {
                break;
            }
            all.addAll(answer.items());
            cursor = answer.next();
            if (cursor == null || cursor.isBlank()) {
                break;
            }
        }
        return all;
    }
}
