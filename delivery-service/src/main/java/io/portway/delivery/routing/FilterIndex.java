package io.portway.delivery.routing;

import io.portway.events.FilterOperator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the subscribers whose filter matches a message without looking at every filter. Each conjunction is filed
 * under one of its statements: an {@code ==} statement under (property, typed value) in a hash table, any other
 * under its property alone. Since every statement needs its property to be present (or is {@code exists}, which
 * does too), a message can only match conjunctions filed under its own properties; only those are evaluated.
 * Not thread-safe: {@link RoutingTable} guards it.
 */
final class FilterIndex {

    private record Entry(Subscriber subscriber, CompiledFilter.Conjunction conjunction) {
    }

    private final Map<String, Map<String, List<Entry>>> byValue = new HashMap<>();
    private final Map<String, List<Entry>> byProperty = new HashMap<>();
    private final Map<Subscriber, List<List<Entry>>> filed = new HashMap<>();

    void put(Subscriber subscriber, CompiledFilter filter) {
        remove(subscriber);
        List<List<Entry>> buckets = new ArrayList<>();
        for (CompiledFilter.Conjunction conjunction : filter.conjunctions()) {
            Entry entry = new Entry(subscriber, conjunction);
            CompiledFilter.Statement key = conjunction.statements().stream()
                    .filter(statement -> statement.operator() == FilterOperator.EQUALS && statement.value() != null)
                    .findFirst().orElse(null);
            List<Entry> bucket = key != null
                    ? byValue.computeIfAbsent(key.property(), property -> new HashMap<>())
                            .computeIfAbsent(key.value().equalityKey(), value -> new ArrayList<>())
                    : byProperty.computeIfAbsent(conjunction.statements().get(0).property(),
                            property -> new ArrayList<>());
            bucket.add(entry);
            buckets.add(bucket);
        }
        if (!buckets.isEmpty()) {
            filed.put(subscriber, buckets);
        }
    }

    void remove(Subscriber subscriber) {
        List<List<Entry>> buckets = filed.remove(subscriber);
        if (buckets != null) {
            buckets.forEach(bucket -> bucket.removeIf(entry -> entry.subscriber().equals(subscriber)));
        }
    }

    void clear() {
        byValue.clear();
        byProperty.clear();
        filed.clear();
    }

    int size() {
        return filed.size();
    }

    /** The subscribers with at least one conjunction that the message satisfies. */
    Set<Subscriber> match(MessageContext context) {
        Set<Subscriber> matched = new LinkedHashSet<>();
        for (String property : context.properties().keySet()) {
            Map<String, List<Entry>> values = byValue.get(property);
            if (values != null) {
                List<Entry> bucket = values.get(context.typed(property).equalityKey());
                if (bucket != null) {
                    evaluate(bucket, context, matched);
                }
            }
            List<Entry> bucket = byProperty.get(property);
            if (bucket != null) {
                evaluate(bucket, context, matched);
            }
        }
        return matched;
    }

    private static void evaluate(List<Entry> bucket, MessageContext context, Set<Subscriber> matched) {
        for (Entry entry : bucket) {
            if (!matched.contains(entry.subscriber()) && entry.conjunction().matches(context)) {
                matched.add(entry.subscriber());
            }
        }
    }
}
