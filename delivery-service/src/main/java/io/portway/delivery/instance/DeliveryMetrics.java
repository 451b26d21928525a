package io.portway.delivery.instance;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code portway.delivery.latency} (accept → delivered, histogram), {@code portway.delivery.retries},
 * {@code portway.delivery.outcomes{status}} and {@code portway.delivery.instances{status}} (refreshed every 15 s).
 */
@Component
class DeliveryMetrics {

    private final InstanceStatistics instances;
    private final Timer latency;
    private final Counter retries;
    private final MeterRegistry meters;
    private final Map<InstanceStatus, AtomicLong> byStatus = new EnumMap<>(InstanceStatus.class);

    DeliveryMetrics(InstanceStatistics instances, MeterRegistry meters) {
        this.instances = instances;
        this.meters = meters;
        this.latency = Timer.builder("portway.delivery.latency")
                .description("time from a message's acceptance to its delivery through one port")
                .publishPercentileHistogram()
                .register(meters);
        this.retries = Counter.builder("portway.delivery.retries")
                .description("failed attempts that will be retried").register(meters);
        for (InstanceStatus status : InstanceStatus.values()) {
            AtomicLong count = new AtomicLong();
            byStatus.put(status, count);
            meters.gauge("portway.delivery.instances", io.micrometer.core.instrument.Tags.of("status", status.name()),
                    count, AtomicLong::get);
        }
    }

    void recorded(Transition result, Instant now) {
        meters.counter("portway.delivery.outcomes", "status", result.status().name()).increment();
        if (result.status() == InstanceStatus.Completed) {
            latency.record(Duration.between(result.instance().acceptedAt(), now));
        } else if (result.retried()) {
            retries.increment();
        }
    }

    @Scheduled(fixedDelay = 15_000, initialDelay = 2_000)
    void countInstances() {
        Map<InstanceStatus, Long> counts = instances.countByStatus();
        byStatus.forEach((status, count) -> count.set(counts.getOrDefault(status, 0L)));
    }
}
