package io.portway.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.portway.events.ArtifactStatus;
import io.portway.events.Filter;
import io.portway.events.FilterOperator;
import io.portway.events.FilterStatement;
import io.portway.events.PortwayEvent;
import io.portway.events.SendPipeline;
import io.portway.events.SendPortConfiguration;
import io.portway.events.SendPortConfigured;
import io.portway.events.SendPortCreated;
import io.portway.events.SendPortEnlisted;
import io.portway.events.SendPortStarted;
import io.portway.events.SendPortStopped;
import io.portway.events.SendPortUnenlisted;
import io.portway.events.Tracking;
import io.portway.events.Transport;
import io.portway.events.TransportType;
import io.portway.messaging.PortwayJackson;
import io.portway.stack.Service;
import org.postgresql.PGConnection;

import java.io.StringReader;
import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code event_store_scaling}: {@code command_throughput} with ≥ 1 M events of other artifacts already in the event
 * store, divided by the same on an empty store. The events are real serialized events (the JSON Axon stores),
 * loaded with COPY straight into {@code command.domainevententry}; the Kafka publisher is allowed to catch up
 * before measuring. Needs the database: the local stack, or {@code PORTWAY_DB_URL} with a running service.
 */
final class EventStoreScaling implements Figure {

    static final int EVENTS_PER_ARTIFACT = 10;
    static final int EVENTS = BenchEnvironment.integer("PORTWAY_BENCH_STORED_EVENTS", 1_000_000);

    @Override
    public void run() throws Exception {
        try (BenchEnvironment environment = BenchEnvironment.start(List.of(Service.PORT_COMMAND));
             Connection connection = environment.connection()) {
            URI command = environment.command();
            CommandLoad.Result empty = CommandThroughput.measure(command, "empty-");
            CommandLoad.report("command_throughput_empty_store", empty).report();
            long started = System.nanoTime();
            load(connection, EVENTS);
            System.err.printf("loaded %,d events in %.1f s%n", EVENTS, (System.nanoTime() - started) / 1e9);
            awaitPublisher(connection);
            long stored = count(connection, "SELECT COUNT(*) FROM command.domainevententry");
            CommandLoad.Result full = CommandThroughput.measure(command, "full-");
            CommandLoad.report("command_throughput_full_store", full).with("stored_events", stored).report();
            new BenchResult(name(), full.rate() / empty.rate(), "ratio")
                    .with("empty_commands_per_s", empty.rate())
                    .with("full_commands_per_s", full.rate())
                    .with("empty_p99_ms", empty.latencies().percentileMs(99))
                    .with("full_p99_ms", full.latencies().percentileMs(99))
                    .with("stored_events", stored)
                    .with("seconds", CommandThroughput.RUN.toSeconds())
                    .report();
        }
    }

    /** COPY {@code events} serialized events of {@code events / 10} other send ports, plus their lookup rows. */
    static void load(Connection connection, int events) throws Exception {
        ObjectMapper json = PortwayJackson.newObjectMapper();
        HexFormat hex = HexFormat.of();
        var copy = ((PGConnection) connection.unwrap(PGConnection.class)).getCopyAPI();
        int artifacts = events / EVENTS_PER_ARTIFACT;
        int batch = 5_000;
        for (int from = 0; from < artifacts; from += batch) {
            StringBuilder rows = new StringBuilder();
            StringBuilder lookup = new StringBuilder();
            for (int a = from; a < Math.min(artifacts, from + batch); a++) {
                String id = UUID.randomUUID().toString();
                String name = "stored-" + a;
                SendPortConfiguration configuration = configuration(a);
                List<PortwayEvent> history = List.of(
                        new SendPortCreated(name, false, false, configuration), new SendPortEnlisted(name),
                        new SendPortStarted(name), new SendPortStopped(name), new SendPortStarted(name),
                        new SendPortStopped(name), new SendPortUnenlisted(name),
                        new SendPortConfigured(name, configuration(a + 1)), new SendPortEnlisted(name),
                        new SendPortStarted(name));
                String metaData = "\\\\x" + hex.formatHex(json.writeValueAsBytes(Map.of(
                        "principal", "bench", "correlationId", UUID.randomUUID().toString())));
                for (int s = 0; s < history.size(); s++) {
                    PortwayEvent event = history.get(s);
                    rows.append(id).append('\t').append(s).append("\tSendPort\t").append(UUID.randomUUID())
                            .append('\t').append(metaData).append('\t')
                            .append("\\\\x").append(hex.formatHex(json.writeValueAsBytes(event))).append("\t\\N\t")
                            .append(event.getClass().getName()).append('\t').append(Instant.now()).append('\n');
                }
                lookup.append(id).append('\t').append(name).append("\tSendPort\t").append(ArtifactStatus.Started)
                        .append("\tBench\tf\tf\t10\t")
                        .append(json.writeValueAsString(configuration(a + 1)).replace("\\", "\\\\"))
                        .append('\n');
            }
            copy.copyIn("COPY command.domainevententry (aggregateidentifier, sequencenumber, type,"
                    + " eventidentifier, metadata, payload, payloadrevision, payloadtype, timestamp) FROM STDIN",
                    new StringReader(rows.toString()));
            copy.copyIn("COPY command.artifact (artifact_id, name, kind, status, application, dynamic, two_way,"
                    + " version, configuration) FROM STDIN", new StringReader(lookup.toString()));
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("ANALYZE command.domainevententry");
            statement.execute("ANALYZE command.artifact");
        }
    }

    private static SendPortConfiguration configuration(int n) {
        return new SendPortConfiguration("stored port " + n, "Stored",
                new Transport(TransportType.HTTP, "https://example.com/in/" + n, Map.of("timeout", "30"), 3,
                        Duration.ofMinutes(5), null),
                null, SendPipeline.PassThruTransmit,
                new Filter(List.of(List.of(new FilterStatement("BTS.MessageType", FilterOperator.EQUALS,
                        "Order" + n)))),
                5, false, false, false, Tracking.NONE);
    }

    /** Waits until the Kafka publisher's token reached the end of the store, so that it does not skew the run. */
    private static void awaitPublisher(Connection connection) throws Exception {
        long last = head(connection);
        try {
            PublicationRate.awaitPublished(connection, last, System.nanoTime());
            System.err.println("publisher caught up at position " + last);
        } catch (IllegalStateException e) {
            System.err.println(e.getMessage() + "; measuring anyway");
        }
    }

    /** The position of the last event in the store. */
    static long head(Connection connection) throws Exception {
        return count(connection, "SELECT COALESCE(MAX(globalindex), 0) FROM command.domainevententry");
    }

    private static long count(Connection connection, String sql) throws Exception {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
