package io.portway.bench;

import io.portway.stack.Service;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code publication_rate}: how fast the store → Kafka publication catches up after an outage or a bulk load.
 * {@code PORTWAY_BENCH_PUBLICATION_EVENTS} (default 200,000) serialized events are COPYed into the running command
 * service's event store ({@link EventStoreScaling#load}); the figure is those events divided by the time until the
 * publication processor's stored token covers the last of them. Meanwhile one probe user sends commands
 * (create, enlist, start, stop) and their p99 is reported next to the same probe's p99 on the idle service.
 * Target ≥ 20,000 events/s, commands within their p99.
 */
final class PublicationRate implements Figure {

    static final int EVENTS = BenchEnvironment.integer("PORTWAY_BENCH_PUBLICATION_EVENTS", 200_000);
    private static final Pattern INDEX = Pattern.compile("\"index\"\\s*:\\s*(\\d+)");

    @Override
    public void run() throws Exception {
        try (BenchEnvironment environment = BenchEnvironment.start(List.of(Service.PORT_COMMAND));
             Connection connection = environment.connection()) {
            Http command = new Http(environment.command(), "admin", "admin");
            Latencies idle = new Latencies();
            probe(command, "idle-", new AtomicBoolean(), 300, idle);
            long before = EventStoreScaling.head(connection);
            EventStoreScaling.load(connection, EVENTS);
            long last = EventStoreScaling.head(connection);
            long loaded = last - before;
            long started = System.nanoTime();
            AtomicBoolean caughtUp = new AtomicBoolean();
            Latencies during = new Latencies();
            Thread prober = new Thread(() -> {
                try {
                    probe(command, "busy-", caughtUp, Integer.MAX_VALUE, during);
                } catch (Exception e) {
                    System.err.println("probe failed: " + e);
                }
            }, "publication-rate-probe");
            prober.start();
            double seconds;
            try {
                seconds = awaitPublished(connection, last, started);
            } finally {
                caughtUp.set(true);
                prober.join();
            }
            BenchResult result = new BenchResult(name(), loaded / seconds, "events/s")
                    .with("events", loaded)
                    .with("seconds", seconds)
                    .with("probe_commands", during.count())
                    .with("probe_p99_ms", during.percentileMs(99))
                    .with("probe_idle_p99_ms", idle.percentileMs(99))
                    .with("threads", 1);
            result.report();
        }
    }

    /** One user moving fresh ports through create, enlist, start and stop until told to stop or {@code max} commands. */
    private static void probe(Http command, String prefix, AtomicBoolean done, int max, Latencies latencies)
            throws Exception {
        for (int i = 0; !done.get() && latencies.count() < max; i++) {
            String name = "probe-" + prefix + i;
            timed(latencies, () -> command.post("/api/send-ports", CommandLoad.port(name, "probe")));
            for (String action : List.of("enlist", "start", "stop")) {
                timed(latencies, () -> command.post("/api/send-ports/" + name + "/" + action, null));
            }
        }
    }

    private interface Call {
        Http.Answer send() throws Exception;
    }

    private static void timed(Latencies latencies, Call call) throws Exception {
        long t0 = System.nanoTime();
        Http.Answer answer = call.send();
        if (answer.status() / 100 != 2) {
            throw new IllegalStateException("probe command answered " + answer.status() + ": " + answer.body());
        }
        latencies.recordNanos(System.nanoTime() - t0);
    }

    /** Seconds until every segment's stored token of the publication reached {@code last} (polled every 50 ms). */
    static double awaitPublished(Connection connection, long last, long started) throws Exception {
        long deadline = started + java.time.Duration.ofMinutes(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (publishedUpTo(connection) >= last) {
                return (System.nanoTime() - started) / 1e9;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the publication did not reach position " + last + " within 10 minutes"
                + " (at " + publishedUpTo(connection) + ")");
    }

    /** The lowest position the publication's segments stored (what every segment has published). */
    static long publishedUpTo(Connection connection) throws Exception {
        long published = Long.MAX_VALUE;
        int segments = 0;
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT token FROM command.tokenentry"
                     + " WHERE processorname = 'kafka-publication'")) {
            while (rows.next()) {
                segments++;
                byte[] token = rows.getBytes(1);
                Matcher matcher = INDEX.matcher(token == null ? "" : new String(token));
                published = Math.min(published, matcher.find() ? Long.parseLong(matcher.group(1)) : 0);
            }
        }
        return segments == 0 ? 0 : published;
    }
}
