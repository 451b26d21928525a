package io.portway.bench;

import io.portway.stack.Service;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code projection_lag}: the command_throughput mix ({@link CommandLoad#USERS} users over 1,000 ports: 5 % create,
 * 15 % configure, the rest enlist/start/stop/unenlist as the port's status allows, as admin through the command
 * service's REST API) runs for {@code -Dbench.lag.seconds} (default 30, after 5 s of warm-up). For one accepted
 * command in {@code -Dbench.lag.sample} (default 10) a checker asks the query service for the port with
 * {@code ?minVersion=} the version the command answered (the query service holds the request until its read model
 * has it); the lag is the time from the command's 2xx to that 200. Each check runs on a thread of its own (a
 * cached pool, never queued behind other checks), so the harness adds no wait: the query service holds the request
 * until the change is visible, and a check that starts late only adds to the lag if it starts after the change was
 * already visible. {@code checker_delay_p50_ms}/{@code checker_delay_p99_ms} say how late the checks started, and
 * {@code harness_delay_over_10pct} flags a run where that exceeds 10 % of the p99.
 * Before the load, {@code idle_p50_ms}/{@code idle_p99_ms}: {@code -Dbench.lag.idle} (default 50) creates, one at a
 * time, each checked at once from the same thread.
 */
final class ProjectionLag implements Figure {

    private static final int PORTS = 1000;

    /** Lag of single changes on an otherwise idle stack, each checked at once from the same thread. */
    private static double[] idle(Http command, Http query, String prefix, int samples) throws Exception {
        for (int i = 0; i < 5; i++) {
            command.post("/api/send-ports", CommandLoad.port(prefix + "warm-" + i, "warm-up"));
            // the query service's read path warms up too: its first request (class loading, first JIT) is no lag
            query.get("/api/send-ports/" + prefix + "warm-" + i + "?minVersion=1");
        }
        double[] lags = new double[samples];
        for (int i = 0; i < samples; i++) {
            String name = prefix + i;
            Http.Answer created = command.post("/api/send-ports", CommandLoad.port(name, "idle"));
            long done = System.nanoTime();
            if (created.status() != 201) {
                throw new IllegalStateException("cannot create " + name + ": " + created);
            }
            if (query.get("/api/send-ports/" + name + "?minVersion=1").status() != 200) {
                throw new IllegalStateException(name + " not visible in the query service");
            }
            lags[i] = (System.nanoTime() - done) / 1e6;
            Thread.sleep(20);
        }
        return lags;
    }

    @Override
    public void run() throws Exception {
        int seconds = Integer.getInteger("bench.lag.seconds", 30);
        int sample = Integer.getInteger("bench.lag.sample", 10);
        int users = CommandLoad.USERS;
        try (BenchEnvironment environment = BenchEnvironment.start(List.of(Service.PORT_COMMAND,
                Service.PORT_QUERY))) {
            Http command = new Http(environment.command(), "admin", "admin");
            Http query = new Http(environment.query(), "viewer", "viewer");
            String prefix = "lag-" + Long.toString(System.currentTimeMillis(), 36) + "-";
            double[] idle = idle(command, query, prefix + "idle-", Integer.getInteger("bench.lag.idle", 50));
            new CommandLoad(environment.command(), prefix, PORTS).createPorts();

            ExecutorService checkers = Executors.newCachedThreadPool();
            ConcurrentLinkedQueue<Double> lags = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<Double> delays = new ConcurrentLinkedQueue<>();
            AtomicLong commands = new AtomicLong();
            AtomicLong refused = new AtomicLong();
            AtomicLong unseen = new AtomicLong();
            long warmUpEnd = System.nanoTime() + 5_000_000_000L;
            long end = warmUpEnd + seconds * 1_000_000_000L;
            ExecutorService pool = Executors.newFixedThreadPool(users);
            List<Future<?>> running = new ArrayList<>();
            for (int u = 0; u < users; u++) {
                int user = u;
                running.add(pool.submit(() -> {
                    String[] status = new String[PORTS];
                    Arrays.fill(status, "Bound");
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    int created = 0;
                    long n = 0;
                    while (System.nanoTime() < end) {
                        int index = user + random.nextInt((PORTS - user + users - 1) / users) * users;
                        String name = prefix + index;
                        int roll = random.nextInt(100);
                        String next = status[index];
                        String checked = name;
                        Http.Answer answer;
                        try {
                            if (roll < 5) {
                                checked = prefix + "new-" + user + "-" + (created++);
                                answer = command.post("/api/send-ports", CommandLoad.port(checked, "created"));
                            } else if (roll < 20) {
                                answer = command.put("/api/send-ports/" + name,
                                        CommandLoad.port(name, "configured " + random.nextInt()));
                            } else {
                                String action = switch (status[index]) {
                                    case "Bound" -> random.nextBoolean() ? "enlist" : "start";
                                    case "Stopped" -> random.nextBoolean() ? "start" : "unenlist";
                                    default -> random.nextInt(4) == 0 ? "unenlist" : "stop";
                                };
                                next = switch (action) {
                                    case "enlist", "stop" -> "Stopped";
                                    case "start" -> "Started";
                                    default -> "Bound";
                                };
                                answer = command.post("/api/send-ports/" + name + "/" + action, null);
                            }
                        } catch (Exception e) {
                            refused.incrementAndGet();
                            continue;
                        }
                        long done = System.nanoTime();
                        if (answer.status() / 100 != 2) {
                            refused.incrementAndGet();
                            continue;
                        }
                        status[index] = next;
                        if (done <= warmUpEnd) {
                            continue;
                        }
                        commands.incrementAndGet();
                        if (++n % sample == 0) {
                            long version = answer.body().path("version").asLong();
                            String path = "/api/send-ports/" + checked + "?minVersion=" + version;
                            checkers.submit(() -> {
                                delays.add((System.nanoTime() - done) / 1e6);
                                Http.Answer seen = query.get(path);
                                if (seen.status() == 200) {
                                    lags.add((System.nanoTime() - done) / 1e6);
                                } else {
                                    unseen.incrementAndGet();
                                }
                                return null;
                            });
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> user : running) {
                user.get();
            }
            pool.shutdown();
            checkers.shutdown();
            checkers.awaitTermination(60, TimeUnit.SECONDS);
            double[] values = lags.stream().mapToDouble(Double::doubleValue).toArray();
            double[] late = delays.stream().mapToDouble(Double::doubleValue).toArray();
            double p99 = BenchResult.percentile(values, 99);
            new BenchResult(name(), p99, "ms")
                    .with("p50_ms", BenchResult.percentile(values, 50))
                    .with("p99_ms", p99)
                    .with("idle_p50_ms", BenchResult.percentile(idle, 50))
                    .with("idle_p99_ms", BenchResult.percentile(idle, 99))
                    .with("n", values.length)
                    .with("seconds", seconds)
                    .with("commands_per_s", commands.get() / (double) seconds)
                    .with("refused", refused.get())
                    .with("not_visible_in_time", unseen.get())
                    .with("checker_delay_p50_ms", BenchResult.percentile(late, 50))
                    .with("checker_delay_p99_ms", BenchResult.percentile(late, 99))
                    .with("harness_delay_over_10pct", BenchResult.percentile(late, 99) > 0.1 * p99)
                    .with("virtual_users", users)
                    .with("target_p99_ms", 250)
                    .with("target_idle_p99_ms", 50)
                    .report();
        }
    }
}
