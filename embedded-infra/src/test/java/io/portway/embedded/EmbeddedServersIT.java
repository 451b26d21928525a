package io.portway.embedded;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class EmbeddedServersIT {

    @TempDir
    Path dataDir;

    @Test
    void postgresKeepsRowsAcrossRestartOnTheSameDataDirectory() throws Exception {
        Path pgDir = dataDir.resolve("postgres");
        try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(pgDir, 0)) {
            String url = postgres.createDatabase("portway_it");
            assertThat(url).startsWith("jdbc:postgresql://127.0.0.1:" + postgres.port() + "/portway_it");
            assertThat(postgres.createDatabase("portway_it")).isEqualTo(url);
            try (Connection c = DriverManager.getConnection(url, postgres.user(), postgres.password());
                 Statement s = c.createStatement()) {
                s.execute("CREATE TABLE greeting (id int PRIMARY KEY, text varchar(20) NOT NULL)");
                s.execute("INSERT INTO greeting VALUES (1, 'hello')");
            }
        }
        try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(pgDir, 0);
             Connection c = DriverManager.getConnection(postgres.jdbcUrl("portway_it"), postgres.user(), postgres.password());
             Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("SELECT text FROM greeting WHERE id = 1")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("hello");
        }
    }

    @Test
    void kafkaKeepsRecordsAcrossRestartOnTheSameLogDirectory() throws Exception {
        Path kafkaDir = dataDir.resolve("kafka");
        String topic = "it." + UUID.randomUUID();
        try (EmbeddedKafkaServer kafka = EmbeddedKafkaServer.start(kafkaDir, 0)) {
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>(topic, "port-1", "enlisted")).get();
            }
            assertThat(readAll(kafka.bootstrapServers(), topic)).containsExactly("port-1=enlisted");
        }
        try (EmbeddedKafkaServer kafka = EmbeddedKafkaServer.start(kafkaDir, 0)) {
            assertThat(readAll(kafka.bootstrapServers(), topic)).containsExactly("port-1=enlisted");
        }
    }

    private static List<String> readAll(String bootstrapServers, String topic) {
        List<String> seen = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    seen.add(r.key() + "=" + r.value());
                }
                return !seen.isEmpty();
            });
        }
        return seen;
    }
}
