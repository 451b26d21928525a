package io.portway.bench;

import io.portway.stack.Service;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code projection_lag}: the command_throughput load (16 clients cycling enlist/start/stop/unenlist over 1,000
 * ports through the command service's REST API) runs for {@code -Dbench.lag.seconds} (default 30, after 5 s of
 * warm-up); for one command in {@code -Dbench.lag.sample} (default 5) a checker asks the query service for the
 * port with {@code ?minVersion=} the command's version, and the lag is the time from the command's 2xx to that 200.
 */
final class ProjectionLag implements Figure {

    private static final String[] ACTIONS = {"enlist", "start", "stop", "unenlist"};

    @Override
    public String name() {
        return "projection_lag";
    }

    @Override
    public void run() throws Exception {
        int seconds = Integer.getInteger("bench.lag.seconds", 30);
        int sample = Integer.getInteger("bench.lag.sample", 5);
        int clients = 16;
        int ports = 1000;
        try (BenchEnvironment environment = BenchEnvironment.start(List.of(Service.PORT_COMMAND,
                Service.PORT_QUERY))) {
            Http command = new Http(environment.command(), "operator", "operator");
            Http query = new Http(environment.query(), "viewer", "viewer");
            String run = Long.toString(System.currentTimeMillis(), 36);
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            List<java.util.concurrent.Future<?>> creations = new ArrayList<>();
            for (int i = 0; i < ports; i++) {
                String name = "lag-" + run + "-" + i;
                creations.add(pool.submit(() -> command.post("/api/send-ports", "{\"name\":\"" + name
                        + "\",\"primaryTransport\":{\"type\":\"FILE\",\"address\":\"file:///tmp/portway-bench/"
                        + "%MessageID%.xml\"}}")));
            }
            for (var creation : creations) {
                creation.get();
            }

            ExecutorService checkers = Executors.newFixedThreadPool(8);
            ConcurrentLinkedQueue<Double> lags = new ConcurrentLinkedQueue<>();
            AtomicLong commands = new AtomicLong();
            AtomicLong failures = new AtomicLong();
            long warmUpEnd = System.nanoTime() + 5_000_000_000L;
            long end = warmUpEnd + seconds * 1_000_000_000L;
            for (int c = 0; c < clients; c++) {
                int client = c;
                pool.submit(() -> {
                    int[] step = new int[ports];
                    long n = 0;
                    while (System.nanoTime() < end) {
                        int port = client + (int) (n % (ports / clients)) * clients;
                        String name = "lag-" + run + "-" + port;
                        String action = ACTIONS[step[port]++ % ACTIONS.length];
                        n++;
                        try {
                            Http.Answer answer = command.post("/api/send-ports/" + name + "/" + action, null);
                            long done = System.nanoTime();
                            if (answer.status() / 100 != 2) {
                                failures.incrementAndGet();
                                continue;
                            }
                            boolean measuring = done > warmUpEnd;
                            if (measuring) {
                                commands.incrementAndGet();
                            }
                            if (measuring && n % sample == 0) {
                                long version = answer.body().path("version").asLong();
                                checkers.submit(() -> {
                                    Http.Answer seen = query.get("/api/send-ports/" + name + "?minVersion=" + version);
                                    if (seen.status() == 200) {
                                        lags.add((System.nanoTime() - done) / 1e6);
                                    } else {
                                        failures.incrementAndGet();
                                    }
                                    return null;
                                });
                            }
                        } catch (Exception e) {
                            failures.incrementAndGet();
                        }
                    }
                    return null;
                });
            }
            pool.shutdown();
            pool.awaitTermination(seconds + 60L, TimeUnit.SECONDS);
            checkers.shutdown();
            checkers.awaitTermination(60, TimeUnit.SECONDS);
            double[] values = lags.stream().mapToDouble(Double::doubleValue).toArray();
            new BenchResult(name(), BenchResult.percentile(values, 99), "ms")
                    .with("p50_ms", BenchResult.percentile(values, 50))
                    .with("p99_ms", BenchResult.percentile(values, 99))
                    .with("n", values.length)
                    .with("seconds", seconds)
                    .with("commands_per_s", commands.get() / (double) seconds)
                    .with("failures", failures.get())
                    .with("target_p99_ms", 250)
                    .report();
        }
    }
}
