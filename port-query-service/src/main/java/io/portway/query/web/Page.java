package io.portway.query.web;

import java.util.List;

/** A page of a list answer: {@code next} is the cursor of the following page, null on the last one. */
public record Page<T>(List<T> items, String next) {

    /** The first {@code limit} of up to {@code limit + 1} rows; the extra row, if any, means there is a next page. */
    public static <T> Page<T> of(List<ListQuery.Keyed<T>> rows, int limit) {
        List<T> items = rows.stream().limit(limit).map(ListQuery.Keyed::item).toList();
        String next = rows.size() > limit ? Cursors.encode(rows.get(limit - 1).keys()) : null;
        return new Page<>(items, next);
    }

    public <R> Page<R> map(java.util.function.Function<T, R> mapper) {
        return new Page<>(items.stream().map(mapper).toList(), next);
    }
}
