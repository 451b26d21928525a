package io.portway.delivery.message;

import io.portway.delivery.DeliveryIT;
import io.portway.delivery.EventFeed;
import io.portway.delivery.routing.RoutingTable;
import io.portway.events.ArtifactStatus;
import io.portway.events.Filter;
import io.portway.events.FilterOperator;
import io.portway.events.FilterStatement;
import io.portway.events.SendPipeline;
import io.portway.events.SendPortConfiguration;
import io.portway.events.Tracking;
import io.portway.events.Transport;
import io.portway.events.TransportType;
import io.portway.testsupport.PortwayTestInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The intake stores a group commit's publishes in a few statements for the whole batch: every publish of a batch is
 * still answered as if it had been alone (new, accepted before, the same id twice in the batch, no subscribers),
 * and each id is stored once with its instances and its own publish sequence. The batch is made by hand, in one
 * transaction, so nothing depends on which publishes a committer happens to take together.
 */
@DeliveryIT
class BatchedIntakeIT {

    @Autowired
    MessageIntake intake;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    RoutingTable routing;
    @Value("${portway.topics.send-port-events}")
    String sendPortEvents;
    private EventFeed feed;
    private final String key = "batched-" + UUID.randomUUID();

    @BeforeAll
    void ports() throws IOException {
        Path out = Files.createTempDirectory("batched-intake");
        feed = new EventFeed(PortwayTestInfrastructure.kafkaBootstrapServers(), sendPortEvents);
        for (String port : List.of(key + "-a", key + "-b")) {
            feed.port(port, new SendPortConfiguration("", "Default", new Transport(TransportType.FILE,
                    out.resolve(port).toUri() + "%MessageID%.xml", Map.of(), 0, Duration.ofMillis(200), null), null,
                    SendPipeline.PassThruTransmit, new Filter(List.of(List.of(new FilterStatement("Test.Case",
                    FilterOperator.EQUALS, key)))), 5, false, false, false, Tracking.NONE), ArtifactStatus.Started);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> routing.port(key + "-b") != null
                && routing.port(key + "-b").status() == ArtifactStatus.Started);
    }

    @AfterAll
    void close() {
        feed.close();
    }

    private static MessageIntake.Submitted message(String id, String testCase) {
        return new MessageIntake.Submitted(new IncomingMessage(id, Map.of("Test.Case", testCase),
                ("<m id=\"" + id + "\"/>").getBytes(StandardCharsets.UTF_8), "application/xml"), null);
    }

    @Test
    void every_publish_of_a_batch_is_answered_as_if_alone_and_each_id_is_stored_once() {
        String before = key + "-before";
        MessageIntake.IntakeResult first = intake.accept(message(before, key).message());
        String fresh = key + "-fresh";
        String twice = key + "-twice";
        String nobody = key + "-nobody";

        List<MessageIntake.IntakeResult> results = transactions.execute(status -> intake.acceptAllInTransaction(
                List.of(message(fresh, key), message(twice, key), message(before, key), message(twice, key),
                        message(nobody, "no-such-subscriber"), message(null, key))));

        assertThat(results).hasSize(6);
        assertThat(results.get(0).duplicate()).isFalse();
        assertThat(results.get(0).answer().routes()).hasSize(2);
        assertThat(results.get(1).duplicate()).isFalse();
        assertThat(results.get(2).duplicate()).isTrue();
        assertThat(results.get(2).answer()).isEqualTo(first.answer());
        assertThat(results.get(3).duplicate()).isTrue();
        assertThat(results.get(3).answer()).isEqualTo(results.get(1).answer());
        assertThat(results.get(4).failureReport()).isNotNull();
        assertThat(results.get(5).duplicate()).isFalse();
        String generated = results.get(5).answer().messageId();
        assertThat(generated).isNotBlank();

        for (String id : List.of(fresh, twice, before, generated)) {
            assertThat(jdbc.queryForObject("select count(*) from delivery.service_instance where message_id = ?",
                    Integer.class, id)).as("instances of %s", id).isEqualTo(2);
        }
        assertThat(jdbc.queryForObject("select count(*) from delivery.message where id = ?", Integer.class, nobody))
                .isZero();
        List<Long> sequences = jdbc.queryForList("select publish_seq from delivery.message where id = any(?) "
                + "order by publish_seq", Long.class, (Object) new String[] {fresh, twice, generated});
        assertThat(sequences).doesNotHaveDuplicates().hasSize(3);
        // the instances carry their own message's sequence
        assertThat(jdbc.queryForObject("select count(*) from delivery.service_instance i join delivery.message m "
                + "on m.id = i.message_id where i.publish_seq <> m.publish_seq and m.id = any(?)", Integer.class,
                (Object) new String[] {fresh, twice, generated, before})).isZero();
    }
}
