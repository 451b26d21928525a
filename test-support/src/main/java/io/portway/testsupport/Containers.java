package io.portway.testsupport;

import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.kafka.KafkaContainer;

/** PostgreSQL and Kafka as Testcontainers, with pinned image tags. */
record Containers(PostgreSQLContainer<?> postgres, KafkaContainer kafka) implements PortwayTestInfrastructure.Servers {

    static final String POSTGRES_IMAGE = "postgres:15.8";
    static final String KAFKA_IMAGE = "apache/kafka:3.9.1";

    static Containers start() {
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
        return new Containers(postgres, kafka);
    }

    @Override
    public String jdbcUrl(String database) {
        return JdbcUrls.withDatabase(postgres.getJdbcUrl(), database);
    }

    @Override
    public String adminDatabase() {
        return postgres.getDatabaseName();
    }

    @Override
    public String user() {
        return postgres.getUsername();
    }

    @Override
    public String password() {
        return postgres.getPassword();
    }

    @Override
    public String kafkaBootstrapServers() {
        return kafka.getBootstrapServers();
    }

    @Override
    public void stop() {
        try {
            kafka.stop();
        } finally {
            postgres.stop();
        }
    }

    @Override
    public String toString() {
        return "Testcontainers " + POSTGRES_IMAGE + " " + postgres.getJdbcUrl() + ", " + KAFKA_IMAGE + " "
                + kafka.getBootstrapServers();
    }
}
