package io.portway.support;

import org.apache.commons.logging.Log;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One naming scheme for the environment variables of every service ({@code PORTWAY_HTTP_PORT}, {@code PORTWAY_DB_URL},
 * {@code PORTWAY_DB_USER}, {@code PORTWAY_DB_PASSWORD}, {@code PORTWAY_DB_POOL_SIZE},
 * {@code PORTWAY_KAFKA_BOOTSTRAP_SERVERS}; README, Configuration). The names the services read before still work: an
 * old name's value stands in for its new name when that is not set, and each old name found is logged once as a
 * WARN naming both. Runs after application.yml is loaded, which tells the service's name: some old names were one
 * service's own ({@code PORT} of the command service was never the query service's port).
 */
public class PortwayVariables implements EnvironmentPostProcessor, Ordered {

    static final String SOURCE = "portwayDeprecatedVariables";

    /** An old variable name, the name that replaces it, and the services that read it (empty: all of them). */
    record Renamed(String old, String current, Set<String> services) {
        boolean appliesTo(String service) {
            return services.isEmpty() || services.contains(service);
        }
    }

    static final List<Renamed> RENAMED = List.of(
            new Renamed("PORT", "PORTWAY_HTTP_PORT", Set.of("port-command-service", "admin-console")),
            new Renamed("PORTWAY_QUERY_PORT", "PORTWAY_HTTP_PORT", Set.of("port-query-service")),
            new Renamed("PORTWAY_DELIVERY_PORT", "PORTWAY_HTTP_PORT", Set.of("delivery-service")),
            new Renamed("PORTWAY_JDBC_URL", "PORTWAY_DB_URL", Set.of()),
            new Renamed("PORTWAY_JDBC_USER", "PORTWAY_DB_USER", Set.of()),
            new Renamed("PORTWAY_JDBC_PASSWORD", "PORTWAY_DB_PASSWORD", Set.of()),
            new Renamed("PORTWAY_JDBC_POOL_SIZE", "PORTWAY_DB_POOL_SIZE", Set.of("port-command-service")),
            new Renamed("PORTWAY_QUERY_DB_POOL", "PORTWAY_DB_POOL_SIZE", Set.of("port-query-service")),
            new Renamed("PORTWAY_DELIVERY_DB_POOL", "PORTWAY_DB_POOL_SIZE", Set.of("delivery-service")),
            new Renamed("PORTWAY_KAFKA", "PORTWAY_KAFKA_BOOTSTRAP_SERVERS", Set.of()));

    private final Log log;

    public PortwayVariables(DeferredLogFactory logs) {
        this.log = logs.getLog(PortwayVariables.class);
    }

    @Override
    public int getOrder() {
        return ConfigDataEnvironmentPostProcessor.ORDER + 1;
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String service = environment.getProperty("spring.application.name", "");
        Map<String, Object> standIns = new LinkedHashMap<>();
        for (Renamed renamed : RENAMED) {
            String value = renamed.appliesTo(service) ? environment.getProperty(renamed.old()) : null;
            if (value == null) {
                continue;
            }
            if (environment.containsProperty(renamed.current())) {
                log.warn(renamed.old() + " is deprecated and ignored: " + renamed.current() + " is set and wins");
            } else {
                standIns.put(renamed.current(), value);
                log.warn(renamed.old() + " is deprecated: set " + renamed.current() + " instead (using "
                        + renamed.old() + "'s value for now)");
            }
        }
        if (!standIns.isEmpty()) {
            environment.getPropertySources().addLast(new MapPropertySource(SOURCE, standIns));
        }
    }
}
