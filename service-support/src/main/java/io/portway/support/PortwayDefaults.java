package io.portway.support;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.util.Map;

/**
 * Defaults every service shares, below anything a service or its operator configures: readiness covers the
 * database, Kafka (with consumer lag) and the event-sequence checks; log lines carry the correlation and trace ids;
 * traces are propagated, recorded when the caller sampled them and exported only when an OTLP endpoint is set; Kafka's
 * clients and embedded broker log warnings only.
 */
public class PortwayDefaults implements EnvironmentPostProcessor {

    static final Map<String, Object> DEFAULTS = Map.ofEntries(
            Map.entry("logging.level.org.apache.kafka", "WARN"),
            Map.entry("logging.level.kafka", "WARN"),
            Map.entry("logging.level.state.change.logger", "WARN"),
            Map.entry("management.endpoint.health.probes.enabled", "true"),
            Map.entry("management.endpoint.health.group.readiness.include",
                    "readinessState,db,kafka,consumers,eventSequence,eventSequenceGuard"),
            Map.entry("management.endpoint.health.group.readiness.show-details", "always"),
            Map.entry("management.endpoint.health.validate-group-membership", "false"),
            // the trace id beside the correlation id on every line (README, Tracing)
            Map.entry("logging.pattern.correlation", "[%X{correlationId:-} %X{traceId:-}] "),
            // tracing: every trace propagated (W3C traceparent); a new trace is not recorded (0.1 measurably slowed
            // the routing consumer under a burst of port changes), a caller's sampled one is; exported over OTLP only
            // when management.otlp.tracing.endpoint is set. Kafka listeners continue the trace of their record.
            Map.entry("management.tracing.sampling.probability", "0.0"),
            Map.entry("spring.kafka.listener.observation-enabled", "true"),
            Map.entry("logging.level.org.springframework.security.config.annotation.authentication.configuration"
                    + ".InitializeUserDetailsBeanManagerConfigurer", "ERROR"));

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        environment.getPropertySources().addLast(new MapPropertySource("portwayDefaults", DEFAULTS));
    }
}
