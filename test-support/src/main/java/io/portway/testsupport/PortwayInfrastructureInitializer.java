package io.portway.testsupport;

import io.portway.embedded.LocalUsers;
import io.portway.messaging.Topics;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Points one application context at the shared test servers: a fresh database, unique topic names and the local
 * users. The properties rank below the test's own inlined and dynamic properties, so a test can still override them.
 */
public class PortwayInfrastructureInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    static final String PROPERTY_SOURCE = "portwayTestInfrastructure";
    private static final String INLINED_TEST_PROPERTIES = "Inlined Test Properties";
    private static final AtomicInteger CONTEXTS = new AtomicInteger();
    /** The key that seals transport secrets in every test context (a test value, 32 bytes in base64). */
    public static final String SECRETS_KEY = "dGVzdC1vbmx5LXNlY3JldHMta2V5LTMyLWJ5dGVzISE=";

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        String suffix = "it" + CONTEXTS.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("spring.datasource.url", PortwayTestInfrastructure.newDatabaseJdbcUrl());
        properties.put("spring.datasource.username", PortwayTestInfrastructure.jdbcUser());
        properties.put("spring.datasource.password", PortwayTestInfrastructure.jdbcPassword());
        properties.put("spring.kafka.bootstrap-servers", PortwayTestInfrastructure.kafkaBootstrapServers());
        properties.put("portway.topics.send-port-events", Topics.SEND_PORT_EVENTS + "." + suffix);
        properties.put("portway.topics.messages", Topics.MESSAGES + "." + suffix);
        properties.put("portway.topics.delivery-events", Topics.DELIVERY_EVENTS + "." + suffix);
        properties.putAll(LocalUsers.asProperties());
        properties.put("portway.secrets.key", SECRETS_KEY);

        MutablePropertySources sources = context.getEnvironment().getPropertySources();
        MapPropertySource source = new MapPropertySource(PROPERTY_SOURCE, properties);
        if (sources.contains(INLINED_TEST_PROPERTIES)) {
            sources.addAfter(INLINED_TEST_PROPERTIES, source);
        } else {
            sources.addFirst(source);
        }
    }
}
