package io.portway.support;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.health.HealthComponent;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.Status;

/**
 * Gauge {@code portway.readiness}: 1 while the readiness group ({@code /actuator/health/readiness}) is UP, else 0,
 * so that Prometheus can alert on it (ops/). Evaluated at most every 5 s, whatever the scrape rate.
 */
final class ReadinessGauge implements MeterBinder {

    private static final long TTL_NANOS = 5_000_000_000L;

    private final ObjectProvider<HealthEndpoint> health;
    private volatile long checkedAt;
    private volatile double value = Double.NaN;

    ReadinessGauge(ObjectProvider<HealthEndpoint> health) {
        this.health = health;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("portway.readiness", this, ReadinessGauge::value)
                .description("1 while the service's readiness group is UP, else 0")
                .register(registry);
    }

    double value() {
        long now = System.nanoTime();
        if (Double.isNaN(value) || now - checkedAt > TTL_NANOS) {
            HealthEndpoint endpoint = health.getIfAvailable();
            HealthComponent readiness = endpoint == null ? null : endpoint.healthForPath("readiness");
            value = readiness != null && Status.UP.equals(readiness.getStatus()) ? 1 : 0;
            checkedAt = now;
        }
        return value;
    }
}
