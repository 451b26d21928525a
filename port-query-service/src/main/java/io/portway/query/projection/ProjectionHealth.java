package io.portway.query.projection;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.portway.events.EventEnvelope;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Gaps in the artifacts' event sequences the live consumer waits on: counted in {@code portway.events.gaps}
 * (a new gap once), open ones in the gauge {@code portway.events.open.gaps}; health is DOWN while any is open.
 * Same metric names as {@code io.portway.support.EventSequenceGuard}, which this service does not use because it
 * applies events in batches (one row lock and statement per event would not reach the rebuild rate).
 */
@Component("eventSequence")
public class ProjectionHealth implements HealthIndicator {

    private final Counter gaps;
    private final Map<String, String> open = new ConcurrentHashMap<>();

    ProjectionHealth(MeterRegistry meters) {
        this.gaps = Counter.builder("portway.events.gaps")
                .description("events that arrived after a missing one of the same artifact")
                .register(meters);
        meters.gauge("portway.events.open.gaps", open, Map::size);
    }

    void gap(EventEnvelope event, long lastApplied) {
        String missing = (lastApplied + 1) + ".." + (event.sequence() - 1);
        if (open.put(event.artifactId(), event.name() + " sequences " + missing) == null) {
            gaps.increment();
        }
    }

    /** These events were applied or found to be duplicates: their artifacts have no gap any more. */
    void settled(Collection<EventEnvelope> events) {
        if (!open.isEmpty()) {
            events.forEach(event -> open.remove(event.artifactId()));
        }
    }

    public boolean hasGap() {
        return !open.isEmpty();
    }

    @Override
    public Health health() {
        return open.isEmpty()
                ? Health.up().build()
                : Health.down().withDetail("missingEvents", Map.copyOf(open)).build();
    }
}
