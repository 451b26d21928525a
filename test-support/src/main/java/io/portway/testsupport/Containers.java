package io.portway.testsupport;

import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.kafka.KafkaContainer;

/** PostgreSQL and Kafka as Testcontainers, with pinned image tags. */
final class Containers {

    static final String POSTGRES_IMAGE = "postgres:15.8";
    static final String KAFKA_IMAGE = "apache/kafka:3.9.1";

    private Containers() {
    }

    static PortwayTestInfrastructure.Servers start() {
        PostgreSQLContainer<?> postgres = new PostgreSQLContainer<>(POSTGRES_IMAGE)
                .withCommand("postgres", "-c", "max_connections=300", "-c", "fsync=off");
        KafkaContainer kafka = new KafkaContainer(KAFKA_IMAGE)
                .withEnv("KAFKA_NUM_PARTITIONS", "3")
                .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0");
        postgres.start();
        try {
            kafka.start();
        } catch (RuntimeException e) {
            postgres.stop();
            throw e;
        }
        return new PortwayTestInfrastructure.Servers(postgres.getJdbcUrl(), postgres.getUsername(),
                postgres.getPassword(), kafka.getBootstrapServers(), () -> {
                    try {
                        kafka.stop();
                    } finally {
                        postgres.stop();
                    }
                }, "Testcontainers " + POSTGRES_IMAGE + " " + postgres.getJdbcUrl() + ", " + KAFKA_IMAGE + " "
                + kafka.getBootstrapServers());
    }
}
