package io.portway.delivery.routing;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Readiness contributor {@code routing}: DOWN while the routing table stands still before an event it cannot apply
 * (PRODUCT.md §7, no silent halt), naming the artifact, the sequence and the reason; UP otherwise. Such events are
 * counted in {@code portway.routing.unapplied}.
 */
@Component
class RoutingHealthIndicator implements HealthIndicator {

    /** An event of the routing topic that the table could not apply; its partition stands still before it. */
    record Halt(String topic, int partition, long offset, String artifactId, String name, Long sequence,
                String type, String reason, Instant since) {
    }

    private final Map<Integer, Halt> halts = new ConcurrentHashMap<>();
    private final Counter unapplied;

    RoutingHealthIndicator(MeterRegistry meters) {
        this.unapplied = Counter.builder("portway.routing.unapplied")
                .description("events of portway.send-port-events the routing table could not apply (its partition "
                        + "stands still before each)")
                .register(meters);
        meters.gauge("portway.routing.halted.partitions", halts, Map::size);
    }

    void halted(Halt halt) {
        if (halts.put(halt.partition(), halt) == null) {
            unapplied.increment();
        }
    }

    /** The partition moved past its halt (e.g. the event could be applied after all). */
    void resumed(int partition) {
        halts.remove(partition);
    }

    List<Halt> halts() {
        return List.copyOf(new TreeMap<>(halts).values());
    }

    @Override
    public Health health() {
        if (halts.isEmpty()) {
            return Health.up().build();
        }
        return Health.down().withDetail("unappliedEvents", halts()).build();
    }
}
