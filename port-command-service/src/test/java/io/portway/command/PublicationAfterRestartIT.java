package io.portway.command;

import io.portway.messaging.CloudEventHeaders;
import io.portway.messaging.Topics;
import io.portway.testsupport.PortwayTestInfrastructure;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The service is closed while commands are being accepted and published; a new instance on the same database and
 * topic publishes whatever was left: every stored event is on Kafka at least once, none is missing.
 */
class PublicationAfterRestartIT {

    @Test
    void afterARestartMidStreamEveryStoredEventIsOnKafka() throws Exception {
        String jdbcUrl = PortwayTestInfrastructure.newDatabaseJdbcUrl();
        String topic = Topics.SEND_PORT_EVENTS + ".restart-" + UUID.randomUUID();

        ConfigurableApplicationContext first = start(jdbcUrl, topic);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger accepted = new AtomicInteger();
        Api api = new Api("http://localhost:" + port(first), "admin");
        Thread load = new Thread(() -> {
            int i = 0;
            while (!stop.get()) {
                String name = "restart-" + (i++);
                try {
                    var created = api.post("/api/send-ports", Api.staticPort(name));
                    if (created.getStatusCode().is2xxSuccessful()) {
                        accepted.incrementAndGet();
                    } else if (i < 3) {
                        System.err.println("create refused: " + created);
                    }
                    api.post("/api/send-ports/" + name + "/start", "");
                    api.post("/api/send-ports/" + name + "/unenlist", "");
                } catch (RuntimeException e) {
                    if (i < 3) {
                        e.printStackTrace();
                    }
                    // the service is going away under our feet: that is the point of this test
                }
            }
        });
        load.start();
        await().atMost(Duration.ofSeconds(180)).until(() -> accepted.get() >= 15);
        first.close();
        stop.set(true);
        load.join();

        ConfigurableApplicationContext second = start(jdbcUrl, topic);
        try {
            JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(jdbcUrl,
                    PortwayTestInfrastructure.jdbcUser(), PortwayTestInfrastructure.jdbcPassword()));
            Map<String, Long> stored = new HashMap<>();
            jdbc.query("SELECT aggregateidentifier, MAX(sequencenumber) + 1 AS version"
                            + " FROM command.domainevententry GROUP BY aggregateidentifier",
                    rs -> {
                        stored.put(rs.getString(1), rs.getLong(2));
                    });
            assertThat(stored).hasSizeGreaterThanOrEqualTo(15);
            long total = stored.values().stream().mapToLong(Long::longValue).sum();

            try (KafkaTopicReader reader = new KafkaTopicReader(topic)) {
                await().atMost(Duration.ofSeconds(120)).until(() -> missing(reader.records(), stored).isEmpty());
                List<ConsumerRecord<String, byte[]>> records = reader.records();
                assertThat(records.size()).isGreaterThanOrEqualTo((int) total);
                assertThat(missing(records, stored)).isEmpty();
            }
        } finally {
            second.close();
        }
    }

    private static Set<String> missing(List<ConsumerRecord<String, byte[]>> records, Map<String, Long> stored) {
        Set<String> published = records.stream()
                .map(r -> header(r, CloudEventHeaders.ARTIFACT_ID) + "#" + header(r, CloudEventHeaders.SEQUENCE))
                .collect(Collectors.toSet());
        Set<String> missing = new TreeSet<>();
        stored.forEach((id, version) -> LongStream.rangeClosed(1, version)
                .mapToObj(sequence -> id + "#" + sequence)
                .filter(key -> !published.contains(key))
                .forEach(missing::add));
        return missing;
    }

    private static ConfigurableApplicationContext start(String jdbcUrl, String topic) {
        return new SpringApplicationBuilder(CommandServiceApplication.class).run(
                "--server.port=0",
                "--spring.datasource.url=" + jdbcUrl,
                "--spring.datasource.username=" + PortwayTestInfrastructure.jdbcUser(),
                "--spring.datasource.password=" + PortwayTestInfrastructure.jdbcPassword(),
                "--spring.kafka.bootstrap-servers=" + PortwayTestInfrastructure.kafkaBootstrapServers(),
                "--portway.topics.send-port-events=" + topic,
                "--portway.security.users[0].username=admin",
                "--portway.security.users[0].password={noop}admin",
                "--portway.security.users[0].roles[0]=ADMIN");
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
