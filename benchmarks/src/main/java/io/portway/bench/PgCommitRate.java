package io.portway.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code pg_commit_rate}, the calibration of every throughput figure: durable single-row commits per second at 16
 * clients against the benchmark's own PostgreSQL (the one a fresh stack starts, or {@code PORTWAY_DB_URL}). Each
 * client inserts one 1 KiB row per transaction with {@code synchronous_commit} on, as the services' writes are.
 * Warm-up 3 s, then 10 s measured.
 */
final class PgCommitRate implements Figure {

    static final int CLIENTS = 16;
    private static final Duration WARM_UP = Duration.ofSeconds(3);
    private static final Duration RUN = BenchEnvironment.seconds("PORTWAY_BENCH_PG_SECONDS", 10);

    @Override
    public void run() throws Exception {
        try (BenchEnvironment environment = BenchEnvironment.start(List.of())) {
            String table = "bench_commit_" + Long.toHexString(System.nanoTime());
            try (Connection connection = environment.connection(); Statement ddl = connection.createStatement()) {
                ddl.execute("create table public." + table + " (id bigserial primary key, payload text not null)");
            }
            try {
                commits(environment, table, WARM_UP, new Latencies());
                Latencies latencies = new Latencies();
                long started = System.nanoTime();
                long commits = commits(environment, table, RUN, latencies);
                double seconds = (System.nanoTime() - started) / 1e9;
                double rate = commits / seconds;
                BenchRun.pgCommitRate(rate);
                latencies.addTo(new BenchResult(name(), rate, "commits/s"), "")
                        .with("n", commits).with("seconds", Math.round(seconds)).with("threads", CLIENTS)
                        .with("row_bytes", 1024).report();
            } finally {
                try (Connection connection = environment.connection(); Statement ddl = connection.createStatement()) {
                    ddl.execute("drop table if exists public." + table);
                }
            }
        }
    }

    private static long commits(BenchEnvironment environment, String table, Duration duration, Latencies latencies)
            throws Exception {
        long end = System.nanoTime() + duration.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<Long>> clients = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                clients.add(pool.submit(() -> client(environment, table, end, latencies)));
            }
            long total = 0;
            for (Future<Long> client : clients) {
                total += client.get();
            }
            return total;
        } finally {
            pool.shutdownNow();
        }
    }

    private static long client(BenchEnvironment environment, String table, long end, Latencies latencies)
            throws Exception {
        byte[] payload = new byte[1024];
        ThreadLocalRandom.current().nextBytes(payload);
        String text = java.util.HexFormat.of().formatHex(payload).substring(0, 1024);
        long count = 0;
        try (Connection connection = environment.connection();
             PreparedStatement insert = connection.prepareStatement(
                     "insert into public." + table + " (payload) values (?)")) {
            connection.setAutoCommit(true);
            while (System.nanoTime() < end) {
                long t0 = System.nanoTime();
                insert.setString(1, text);
                insert.executeUpdate();
                latencies.recordNanos(System.nanoTime() - t0);
                count++;
            }
        }
        return count;
    }
}
