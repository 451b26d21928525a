package io.portway.stack;

import io.portway.embedded.EmbeddedKafkaServer;
import io.portway.embedded.EmbeddedPostgresServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static io.portway.stack.PortwayStack.DATABASE;
import static io.portway.stack.PortwayStack.quietly;

/**
 * PostgreSQL and Kafka of a stack: the external servers it was given, or embedded ones with their data in
 * {@code <dataDir>/postgres} and {@code <dataDir>/kafka}, kept between runs.
 */
final class Infrastructure {

    private static final Logger log = LoggerFactory.getLogger(Infrastructure.class);

    private final StackBuilder settings;
    private EmbeddedPostgresServer postgres;
    private EmbeddedKafkaServer kafka;
    private Database database;
    private String kafkaBootstrapServers;

    /** Where the services find PostgreSQL: a JDBC url and its credentials (as given for an external server). */
    record Database(String jdbcUrl, String user, String password) {
    }

    Infrastructure(StackBuilder settings) {
        this.settings = settings;
    }

    void start() {
        startPostgres();
        startKafka();
    }

    private void startPostgres() {
        if (settings.externalJdbcUrl != null) {
            database = new Database(settings.externalJdbcUrl, settings.externalJdbcUser,
                    settings.externalJdbcPassword);
            log.info("PostgreSQL: external {}", database.jdbcUrl());
            return;
        }
        log.info("Starting PostgreSQL in {}", settings.dataDirectory.resolve("postgres"));
        postgres = EmbeddedPostgresServer.start(settings.dataDirectory.resolve("postgres"), settings.postgresPort);
        database = new Database(postgres.createDatabase(DATABASE), postgres.user(), postgres.password());
    }

    private void startKafka() {
        if (settings.externalKafka != null) {
            kafkaBootstrapServers = settings.externalKafka;
            log.info("Kafka: external {}", kafkaBootstrapServers);
            return;
        }
        log.info("Starting Kafka in {}", settings.dataDirectory.resolve("kafka"));
        kafka = EmbeddedKafkaServer.start(settings.dataDirectory.resolve("kafka"), settings.kafkaPort);
        kafkaBootstrapServers = kafka.bootstrapServers();
    }

    /** Stops Kafka, then PostgreSQL, whichever of them was started here. */
    void stop() {
        if (kafka != null) {
            log.info("Stopping Kafka");
            quietly("stop Kafka", kafka::close);
        }
        if (postgres != null) {
            log.info("Stopping PostgreSQL");
            quietly("stop PostgreSQL", postgres::close);
        }
    }

    Database database() {
        return database;
    }

    String kafkaBootstrapServers() {
        return kafkaBootstrapServers;
    }
}
