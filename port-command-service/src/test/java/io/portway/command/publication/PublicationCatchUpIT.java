package io.portway.command.publication;

import io.portway.events.SendPortConfiguration;
import io.portway.events.SendPortCreated;
import io.portway.events.Tracking;
import io.portway.messaging.PortwayJackson;
import io.portway.testsupport.WithPortwayInfrastructure;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * After a bulk load the publication is far behind the store and must still catch up. A stream tailing Axon's shared
 * cache of the embedded event store keeps every event the store's producer read after its position reachable until
 * Axon's cleaner detaches it; with 1 M stored events the command service ran out of its 1 GiB heap, and here 100,000
 * events had not been published after 2 minutes. Even reading the engine itself, a doorbell that tailed that cache
 * kept its producer reading ahead, and 81,000–99,000 event messages were live at once in the full suite. Now nothing
 * reads the cache: the live event messages (a class histogram after a full collection, every second) stay below
 * {@value #LIVE_BOUND} (about 3,000 measured: the processor's buffer, a batch of the engine, Kafka's batch).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@WithPortwayInfrastructure
class PublicationCatchUpIT {

    private static final int EVENTS = 100_000;
    private static final long LIVE_BOUND = 20_000;
    private static final Pattern EVENT_MESSAGES = Pattern.compile(
            "\\s(\\d+)\\s+\\d+\\s+org\\.axonframework\\.eventhandling\\.GenericTrackedDomainEventMessage\\b");
    private static final Pattern INDEX = Pattern.compile("\"index\"\\s*:\\s*(\\d+)");

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aPublicationFarBehindABulkLoadedStoreCatchesUpInBoundedMemory() throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(() -> publishedUpTo() >= head());

        String description = "bulk-loaded ".repeat(150);
        byte[] payload = PortwayJackson.newObjectMapper().writeValueAsBytes(new SendPortCreated("bulk", false, false,
                new SendPortConfiguration(description, "Bulk", null, null, null, null, 5, false, false, false,
                        Tracking.NONE)));
        byte[] metaData = PortwayJackson.newObjectMapper().writeValueAsBytes(
                Map.of("principal", "bulk", "correlationId", "bulk-load"));
        // one transaction, as a restore or a COPY would add them: visible to the store's producer all at once
        jdbc.update("INSERT INTO command.domainevententry (aggregateidentifier, sequencenumber, type,"
                + " eventidentifier, metadata, payload, payloadtype, timestamp)"
                + " SELECT gen_random_uuid()::text, 0, 'SendPort', gen_random_uuid()::text, ?, ?, ?,"
                + " to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"
                + " FROM generate_series(1, ?)", metaData, payload, SendPortCreated.class.getName(), EVENTS);
        long last = head();
        long started = System.nanoTime();

        long[] peak = {0};
        await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            peak[0] = Math.max(peak[0], liveEventMessages());
            return publishedUpTo() >= last;
        });
        System.out.printf("published %,d bulk-loaded events in %.1f s; at most %,d event messages were live%n",
                EVENTS, (System.nanoTime() - started) / 1e9, peak[0]);
        assertThat(publishedUpTo()).as("the publication caught up with the %,d bulk-loaded events", EVENTS)
                .isGreaterThanOrEqualTo(last);
        assertThat(peak[0]).as("event messages live at once while catching up").isLessThan(LIVE_BOUND);
    }

    /** Live instances of Axon's tracked event message: {@code jcmd GC.class_histogram} (a full collection first). */
    private static long liveEventMessages() throws Exception {
        String histogram = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[] {new String[0]}, new String[] {String[].class.getName()});
        Matcher matcher = EVENT_MESSAGES.matcher(histogram);
        return matcher.find() ? Long.parseLong(matcher.group(1)) : 0;
    }

    private long head() {
        return jdbc.queryForObject("SELECT COALESCE(MAX(globalindex), 0) FROM command.domainevententry", Long.class);
    }

    /** What the publication stored as published (its token is stored only after Kafka acknowledged). */
    private long publishedUpTo() {
        return jdbc.queryForList("SELECT token FROM command.tokenentry WHERE processorname = ?", byte[].class,
                        KafkaPublication.PROCESSOR).stream()
                .mapToLong(token -> {
                    Matcher matcher = INDEX.matcher(token == null ? "" : new String(token));
                    return matcher.find() ? Long.parseLong(matcher.group(1)) : 0;
                })
                .min().orElse(0);
    }
}
