package io.portway.bench;

import io.portway.events.TransportType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code delivery_throughput}: 100 started FILE ports, each message (1 KiB) matching 2 of them, published over REST
 * by {@code PORTWAY_BENCH_PUBLISHERS} threads (default 16) for a warm-up (10 s) and then
 * {@code PORTWAY_BENCH_SECONDS} (default 60) measured. Deliveries/s = instances completed in the measured window;
 * p50/p99 = accepted → written (completed) from the service's own timestamps.
 */
final class DeliveryThroughput implements Figure {

    @Override
    public void run() throws Exception {
        int seconds = BenchEnvironment.integer("PORTWAY_BENCH_SECONDS", 60);
        int publishers = BenchEnvironment.integer("PORTWAY_BENCH_PUBLISHERS", 16);
        List<String> jvmOptions = new ArrayList<>(List.of("-Xmx768m", "-XX:+UseParallelGC"));
        // PORTWAY_BENCH_JVM_OPTIONS reaches this service too (e.g. a JFR recording), as it does the stack's services
        String extra = System.getenv("PORTWAY_BENCH_JVM_OPTIONS");
        if (extra != null && !extra.isBlank()) {
            jvmOptions.addAll(List.of(extra.trim().split("\\s+")));
        }
        try (DeliveryHarness harness = new DeliveryHarness(jvmOptions)) {
            Path out = BenchEnvironment.repositoryRoot().resolve("benchmarks/target/bench/out-" + harness.runId);
            Files.createDirectories(out);
            for (int i = 0; i < 100; i++) {
                harness.startedPort("bench-" + harness.runId + "-" + i, DeliveryHarness.transport(TransportType.FILE,
                        out.resolve("p" + i).toUri().toString().replaceAll("/?$", "/") + "%MessageID%.xml"),
                        "k" + (i / 2));
            }
            harness.startService();
            harness.awaitRoutable("k49");
            String body = "x".repeat(1024);
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong counter = new AtomicLong();
            AtomicLong refused = new AtomicLong();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < publishers; t++) {
                Thread thread = new Thread(() -> {
                    while (running.get()) {
                        long n = counter.incrementAndGet();
                        if (harness.publish("m-" + n, "k" + (n % 50), body) != 202) {
                            refused.incrementAndGet();
                        }
                    }
                });
                thread.start();
                threads.add(thread);
            }
            Thread.sleep(10_000);
            Instant from = Instant.now();
            long publishedAtStart = counter.get();
            long commitsAtStart = commits(harness);
            Thread.sleep(seconds * 1000L);
            Instant to = Instant.now();
            long commits = commits(harness) - commitsAtStart;
            long published = counter.get() - publishedAtStart;
            running.set(false);
            for (Thread thread : threads) {
                thread.join();
            }
            Map<String, Object> details = new LinkedHashMap<>();
            try (Connection db = harness.database();
                 PreparedStatement query = db.prepareStatement("select count(*), "
                         + "percentile_cont(0.5) within group (order by extract(epoch from completed_at - accepted_at)), "
                         + "percentile_cont(0.99) within group (order by extract(epoch from completed_at - accepted_at)) "
                         + "from delivery.service_instance where status = 'Completed' "
                         + "and completed_at >= ? and completed_at < ?")) {
                query.setTimestamp(1, Timestamp.from(from));
                query.setTimestamp(2, Timestamp.from(to));
                try (ResultSet rs = query.executeQuery()) {
                    rs.next();
                    long delivered = rs.getLong(1);
                    double window = Duration.between(from, to).toMillis() / 1000.0;
                    details.put("p50_ms", Math.round(rs.getDouble(2) * 10_000) / 10.0);
                    details.put("p99_ms", Math.round(rs.getDouble(3) * 10_000) / 10.0);
                    details.put("n", delivered);
                    details.put("seconds", Math.round(window));
                    details.put("messages_published_per_s", Math.round(published / window));
                    details.put("refused", refused.get());
                    // every transaction of the database in the window (the service's, the harness's few reads)
                    details.put("pg_commits_per_delivery", delivered == 0 ? null
                            : Math.round(100.0 * commits / delivered) / 100.0);
                    details.put("ports", 100);
                    details.put("publishers", publishers);
                    details.put("target", ">= 2000/s, p99 <= 100 ms");
                    BenchResult result = new BenchResult(name(), delivered / window, "deliveries/s");
                    details.forEach(result::with);
                    result.report();
                }
            }
        }
    }

    /** The database's committed transactions so far (pg_stat_database, as PostgreSQL last flushed them). */
    private static long commits(DeliveryHarness harness) throws Exception {
        try (Connection db = harness.database();
             PreparedStatement query = db.prepareStatement(
                     "select xact_commit from pg_stat_database where datname = current_database()");
             ResultSet rs = query.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
