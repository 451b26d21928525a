package io.portway.delivery.instance;

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
import io.portway.testsupport.WithPortwayInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

/**
 * A worker sends a claimed batch in the order it gets it, so a claim answers its instances by priority and due time,
 * whatever order the database finds the rows in. The test lays the rows out against that order (the first published
 * is due last) and claims them in a transaction it rolls back, at an instant only these rows are due in, so the
 * service's own workers never see them. Same configuration as {@code DeliveryServiceIT}, so the context is shared.
 */
@SpringBootTest(webEnvironment = RANDOM_PORT, properties = {
        "portway.delivery.poll-interval=PT0.05S",
        "portway.delivery.lease=PT5S",
        "portway.delivery.http-read-timeout=PT2S"})
@WithPortwayInfrastructure
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClaimOrderIT {

    private static final Instant FAR = Instant.parse("2100-01-01T00:00:00Z");

    @Autowired
    TestRestTemplate rest;
    @Autowired
    RoutingTable routing;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    ServiceInstanceRepository instances;
    @Value("${portway.topics.send-port-events}")
    String sendPortEvents;

    private EventFeed feed;

    @BeforeAll
    void start() {
        feed = new EventFeed(PortwayTestInfrastructure.kafkaBootstrapServers(), sendPortEvents);
    }

    @AfterAll
    void stop() {
        feed.close();
    }

    @Test
    void aClaimAnswersItsInstancesByPriorityAndDueTime_notInTheOrderTheRowsLieIn() {
        String port = "claim-order-" + UUID.randomUUID();
        feed.port(port, new SendPortConfiguration("", "Default", new Transport(TransportType.HTTP,
                        "http://127.0.0.1:9/never", Map.of(), 0, Duration.ofSeconds(1), null), null,
                        SendPipeline.PassThruTransmit, new Filter(List.of(List.of(new FilterStatement("Test.Case",
                        FilterOperator.EQUALS, port)))), 5, false, false, false, Tracking.NONE),
                ArtifactStatus.Stopped);
        await().atMost(Duration.ofSeconds(60)).until(() -> routing.port(port) != null);
        for (int i = 0; i < 12; i++) {
            assertThat(rest.withBasicAuth("publisher", "publisher").postForEntity("/api/messages",
                    Map.of("id", port + "-" + i, "context", Map.of("Test.Case", port), "body", "m" + i),
                    String.class).getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        }
        // held rows made due far in the future, the first published due last
        jdbc.update("update delivery.service_instance set status = 'ReadyToRun', reason = null,"
                + " due_at = ?::timestamptz + ((select max(publish_seq) from delivery.service_instance where send_port = ?) - publish_seq)"
                + " * interval '1 second' where send_port = ?", FAR.toString(), port, port);

        List<String> claimed = transactions.execute(status -> {
            status.setRollbackOnly();
            return instances.claim(false, 1000, FAR.plus(Duration.ofDays(1)), FAR.plus(Duration.ofDays(2))).stream()
                    .filter(row -> row.sendPort().equals(port)).map(ServiceInstanceRepository.Row::messageId)
                    .toList();
        });

        assertThat(claimed).containsExactly(port + "-11", port + "-10", port + "-9", port + "-8", port + "-7",
                port + "-6", port + "-5", port + "-4", port + "-3", port + "-2", port + "-1", port + "-0");
        jdbc.update("update delivery.service_instance set status = 'Suspended', reason = 'PORT_STOPPED',"
                + " due_at = accepted_at where send_port = ?", port);
    }
}
