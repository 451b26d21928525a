package io.portway.delivery.instance;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Gauge {@code portway.delivery.held.oldest.age} (seconds): how long the oldest instance held by a stopped port or
 * group ({@code PORT_STOPPED}/{@code GROUP_STOPPED}) has waited, 0 when none is held. The alert "held instances older
 * than N minutes" (ops/) watches it. Read from the database every 15 s (through the partial index of held rows), not
 * at every scrape.
 */
@Component
class HeldInstancesAge {

    private final InstanceQueries queries;
    private final Clock clock;
    private volatile Optional<Instant> oldest = Optional.empty();

    HeldInstancesAge(InstanceQueries queries, MeterRegistry meters) {
        this.queries = queries;
        this.clock = Clock.systemUTC();
        Gauge.builder("portway.delivery.held.oldest.age", this, HeldInstancesAge::seconds)
                .description("age of the oldest instance held by a stopped port or group")
                .baseUnit("seconds")
                .register(meters);
    }

    @Scheduled(initialDelayString = "PT1S", fixedDelayString = "${portway.delivery.held-age-refresh:PT15S}")
    void refresh() {
        oldest = queries.oldestHeld();
    }

    double seconds() {
        return oldest.map(since -> Math.max(0, Duration.between(since, clock.instant()).toMillis() / 1000.0))
                .orElse(0.0);
    }
}
