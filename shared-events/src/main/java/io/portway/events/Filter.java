package io.portway.events;

import java.util.List;

/**
 * A subscription filter in disjunctive normal form: the statements of a group are ANDed, the groups are ORed.
 * In JSON a filter is the bare array of groups: {@code [[{statement}, …], […]]}. An empty filter matches nothing.
 */
public record Filter(List<List<FilterStatement>> groups) {

    public static final Filter EMPTY = new Filter(List.of());

    public Filter {
        groups = groups == null ? List.of() : groups.stream().map(List::copyOf).toList();
    }

    public boolean isEmpty() {
        return groups.isEmpty();
    }
}
