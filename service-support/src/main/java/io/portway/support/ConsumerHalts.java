package io.portway.support;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * No silent halt (docs/RULES.md §7): the records Portway's consumers met and cannot apply. A consumer reports each
 * with {@link #halt}; readiness (health contributor {@code consumers}) is DOWN while any is open, naming the
 * consumer, the subject (for events: the artifact id), the reason and the details given (name, sequence, topic,
 * offset…). Each new halt is logged at ERROR and counted in {@code portway.consumer.failures} (tag
 * {@code consumer}); the gauge {@code portway.consumer.halted} counts the open ones. {@link #resume} closes one
 * (the record was applied after all, or the subject was rebuilt).
 */
public class ConsumerHalts implements HealthIndicator {

    /** One record a consumer cannot apply. */
    public record Halt(String consumer, String subject, String reason, Map<String, Object> details, Instant since) {
        public Halt {
            details = Map.copyOf(details);
        }
    }

    private static final Logger log = LoggerFactory.getLogger(ConsumerHalts.class);

    private final MeterRegistry meters;
    private final Clock clock;
    private final Map<String, Halt> open = new ConcurrentHashMap<>();

    public ConsumerHalts(MeterRegistry meters) {
        this(meters, Clock.systemUTC());
    }

    ConsumerHalts(MeterRegistry meters, Clock clock) {
        this.meters = meters;
        this.clock = clock;
        meters.gauge("portway.consumer.halted", open, Map::size);
    }

    /**
     * Reports that {@code consumer} cannot apply a record about {@code subject}. Reporting the same subject again
     * replaces the reason and details but is neither logged nor counted again.
     */
    public void halt(String consumer, String subject, String reason, Map<String, ?> details) {
        boolean[] fresh = {false};
        open.compute(key(consumer, subject), (key, existing) -> {
            fresh[0] = existing == null;
            return new Halt(consumer, subject, reason, Map.copyOf(details),
                    existing == null ? clock.instant() : existing.since());
        });
        if (fresh[0]) {
            Counter.builder("portway.consumer.failures")
                    .description("records a consumer could not apply (each reported once)")
                    .tag("consumer", consumer)
                    .register(meters)
                    .increment();
            log.error("consumer {} cannot apply a record of {} {}: {}", consumer, subject, details, reason);
        }
    }

    /** The record about {@code subject} no longer blocks {@code consumer}. */
    public void resume(String consumer, String subject) {
        open.remove(key(consumer, subject));
    }

    /** Every halt of {@code consumer} is over (e.g. its read model was rebuilt). */
    public void resumeAll(String consumer) {
        open.values().removeIf(halt -> halt.consumer().equals(consumer));
    }

    public boolean isHalted(String consumer, String subject) {
        return open.containsKey(key(consumer, subject));
    }

    public List<Halt> halts() {
        return List.copyOf(open.values());
    }

    @Override
    public Health health() {
        if (open.isEmpty()) {
            return Health.up().build();
        }
        Map<String, Map<String, Object>> byConsumer = new TreeMap<>();
        for (Halt halt : open.values()) {
            Map<String, Object> detail = new LinkedHashMap<>(new TreeMap<>(halt.details()));
            detail.put("reason", halt.reason());
            detail.put("since", halt.since().toString());
            byConsumer.computeIfAbsent(halt.consumer(), c -> new TreeMap<>()).put(halt.subject(), detail);
        }
        return Health.down().withDetail("halted", byConsumer).build();
    }

    private static String key(String consumer, String subject) {
        return consumer + '\u0000' + subject;
    }
}
