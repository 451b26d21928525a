package io.portway.support;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class PortwayVariablesTest {

    static final String URL = "${PORTWAY_DB_URL:jdbc:postgresql://127.0.0.1:15432/portway}";
    static final String PORT = "${PORTWAY_HTTP_PORT:8082}";

    @Test
    void the_new_name_is_read(CapturedOutput output) {
        StandardEnvironment environment = processed("port-query-service",
                Map.of("PORTWAY_DB_URL", "jdbc:postgresql://db/new", "PORTWAY_HTTP_PORT", "9002"));

        assertThat(environment.resolvePlaceholders(URL)).isEqualTo("jdbc:postgresql://db/new");
        assertThat(environment.resolvePlaceholders(PORT)).isEqualTo("9002");
        assertThat(output).doesNotContain("deprecated");
    }

    @Test
    void an_old_name_still_works_and_is_named_in_a_warning(CapturedOutput output) {
        StandardEnvironment environment = processed("port-query-service", Map.of(
                "PORTWAY_JDBC_URL", "jdbc:postgresql://db/old", "PORTWAY_QUERY_PORT", "9002",
                "PORTWAY_QUERY_DB_POOL", "7", "PORTWAY_KAFKA", "kafka:9092"));

        assertThat(environment.resolvePlaceholders(URL)).isEqualTo("jdbc:postgresql://db/old");
        assertThat(environment.resolvePlaceholders(PORT)).isEqualTo("9002");
        assertThat(environment.resolvePlaceholders("${PORTWAY_DB_POOL_SIZE:16}")).isEqualTo("7");
        assertThat(environment.resolvePlaceholders("${PORTWAY_KAFKA_BOOTSTRAP_SERVERS:x}")).isEqualTo("kafka:9092");
        assertThat(output).contains("WARN").contains(
                "PORTWAY_JDBC_URL is deprecated: set PORTWAY_DB_URL instead",
                "PORTWAY_QUERY_PORT is deprecated: set PORTWAY_HTTP_PORT instead",
                "PORTWAY_QUERY_DB_POOL is deprecated: set PORTWAY_DB_POOL_SIZE instead",
                "PORTWAY_KAFKA is deprecated: set PORTWAY_KAFKA_BOOTSTRAP_SERVERS instead");
    }

    @Test
    void the_new_name_wins_over_the_old_one(CapturedOutput output) {
        StandardEnvironment environment = processed("delivery-service",
                Map.of("PORTWAY_DB_URL", "jdbc:postgresql://db/new", "PORTWAY_JDBC_URL", "jdbc:postgresql://db/old"));

        assertThat(environment.resolvePlaceholders(URL)).isEqualTo("jdbc:postgresql://db/new");
        assertThat(output).contains("PORTWAY_JDBC_URL is deprecated and ignored: PORTWAY_DB_URL is set");
    }

    @Test
    void with_neither_name_the_default_applies(CapturedOutput output) {
        StandardEnvironment environment = processed("delivery-service", Map.of());

        assertThat(environment.resolvePlaceholders(URL)).isEqualTo("jdbc:postgresql://127.0.0.1:15432/portway");
        assertThat(environment.getPropertySources().contains(PortwayVariables.SOURCE)).isFalse();
        assertThat(output).doesNotContain("deprecated");
    }

    @Test
    void an_old_name_of_another_service_is_not_read(CapturedOutput output) {
        // PORT was the command service's and the console's port, never the query service's
        StandardEnvironment environment = processed("port-query-service",
                Map.of("PORT", "9999", "PORTWAY_DELIVERY_DB_POOL", "3"));

        assertThat(environment.resolvePlaceholders(PORT)).isEqualTo("8082");
        assertThat(environment.resolvePlaceholders("${PORTWAY_DB_POOL_SIZE:16}")).isEqualTo("16");
        assertThat(output).doesNotContain("deprecated");
    }

    static StandardEnvironment processed(String service, Map<String, Object> variables) {
        StandardEnvironment environment = new StandardEnvironment();
        Map<String, Object> given = new HashMap<>(variables);
        given.put("spring.application.name", service);
        environment.getPropertySources().addFirst(new MapPropertySource("test", given));
        new PortwayVariables(destination -> destination.get()).postProcessEnvironment(environment,
                new SpringApplication());
        return environment;
    }
}
