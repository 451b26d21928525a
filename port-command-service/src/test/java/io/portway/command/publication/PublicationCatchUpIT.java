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

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * After a bulk load the publication is far behind the store; it catches up without holding the events it has not
 * published yet in memory. Axon's shared cache of the embedded event store kept every event its producer read ahead
 * of a slow tailing stream (the producer reads the store several times faster than Kafka takes the records) until
 * its cleaner, every 10 s, noticed the stream was behind: with 1 M stored events the command service ran out of its
 * 1 GiB heap. Here {@value #EVENTS} events of ~2 KiB (~125 MiB if held, more with their tokens) must be
 * published while the heap that survives a full collection grows by less than {@value #BOUND_MIB} MiB (what stays:
 * the store's cache of its last 10,000 events and the Kafka producer's buffer). Before the fix, 100,000 such events
 * had not been published after 2 minutes of full collections.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@WithPortwayInfrastructure
class PublicationCatchUpIT {

    private static final int EVENTS = 50_000;
    private static final long BOUND_MIB = 100;
    private static final Pattern INDEX = Pattern.compile("\"index\"\\s*:\\s*(\\d+)");

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aPublicationFarBehindABulkLoadedStoreCatchesUpInBoundedMemory() throws Exception {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        await().atMost(Duration.ofSeconds(60)).until(() -> publishedUpTo() >= head());
        long baseline = usedAfterFullCollection(memory);

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
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            peak[0] = Math.max(peak[0], usedAfterFullCollection(memory) - baseline);
            return publishedUpTo() >= last;
        });
        System.out.printf("published %,d bulk-loaded events in %.1f s; the heap grew by at most %d MiB%n", EVENTS,
                (System.nanoTime() - started) / 1e9, peak[0] / (1024 * 1024));
        assertThat(peak[0] / (1024 * 1024))
                .as("MiB the heap grew by while the publication caught up with %,d events", EVENTS)
                .isLessThan(BOUND_MIB);
    }

    private static long usedAfterFullCollection(MemoryMXBean memory) {
        memory.gc();
        return memory.getHeapMemoryUsage().getUsed();
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
