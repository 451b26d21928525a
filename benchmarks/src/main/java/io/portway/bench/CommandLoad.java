package io.portway.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The command workload of {@code command_throughput}: a fixed number of virtual users, each owning a slice of the
 * ports, drive a mix of create, configure, enlist, start, stop and unenlist through the REST API and record the
 * latency of every accepted command.
 */
final class CommandLoad {

    static final int USERS = BenchEnvironment.integer("PORTWAY_BENCH_USERS", 24);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    private final String authorization = "Basic " + Base64.getEncoder()
            .encodeToString("admin:admin".getBytes(StandardCharsets.UTF_8));
    private final String prefix;
    private final int ports;
    /** Each port's status as the workload last saw it accepted: kept across the warm-up and measured runs. */
    private final String[] status;
    /** Ports created during runs: each gets a name never used before (a reused one would be refused, NAME_TAKEN). */
    private final AtomicLong created = new AtomicLong();

    record Result(long accepted, long refused, double seconds, Latencies latencies, String refusedByStatus) {
        double rate() {
            return accepted / seconds;
        }
    }

    CommandLoad(URI base, String prefix, int ports) {
        this.base = base;
        this.prefix = prefix;
        this.ports = ports;
        this.status = new String[ports];
        java.util.Arrays.fill(status, "Bound");
    }

    /** Creates the ports (Bound) the workload then moves through their lifecycle. */
    void createPorts() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(USERS);
        try {
            List<Future<?>> creations = new ArrayList<>();
            for (int i = 0; i < ports; i++) {
                String name = prefix + i;
                creations.add(pool.submit(() -> send("POST", "/api/send-ports", port(name, "created"))));
            }
            for (Future<?> creation : creations) {
                creation.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Runs the mix for the given duration; only commands answered 2xx count. */
    Result run(Duration duration) throws Exception {
        java.util.concurrent.ConcurrentSkipListMap<Integer, AtomicLong> refused =
                new java.util.concurrent.ConcurrentSkipListMap<>();
        long end = System.nanoTime() + duration.toNanos();
        long started = System.nanoTime();
        Latencies latencies = new Latencies();
        ExecutorService pool = Executors.newFixedThreadPool(USERS);
        try {
            List<Future<?>> users = new ArrayList<>();
            for (int u = 0; u < USERS; u++) {
                int user = u;
                users.add(pool.submit(() -> {
                    user(user, end, latencies, refused);
                    return null;
                }));
            }
            for (Future<?> user : users) {
                user.get();
            }
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        return new Result(latencies.count(), refused.values().stream().mapToLong(AtomicLong::get).sum(), seconds,
                latencies, refused.toString());
    }

    private void user(int user, long end, Latencies latencies,
            java.util.Map<Integer, AtomicLong> refused) throws Exception {
        List<Integer> mine = new ArrayList<>();
        for (int i = user; i < ports; i += USERS) {
            mine.add(i);
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (System.nanoTime() < end) {
            int roll = random.nextInt(100);
            String method;
            String path;
            String body = null;
            int index = mine.get(random.nextInt(mine.size()));
            String name = prefix + index;
            String next = status[index];
            if (roll < 5) {
                method = "POST";
                path = "/api/send-ports";
                body = port(prefix + "new-" + created.incrementAndGet(), "created during the run");
            } else if (roll < 20) {
                method = "PUT";
                path = "/api/send-ports/" + name;
                body = port(name, "configured " + random.nextInt());
            } else {
                String action = switch (status[index]) {
                    case "Bound" -> random.nextBoolean() ? "enlist" : "start";
                    case "Stopped" -> random.nextBoolean() ? "start" : "unenlist";
                    default -> random.nextInt(4) == 0 ? "unenlist" : "stop";
                };
                method = "POST";
                path = "/api/send-ports/" + name + "/" + action;
                next = switch (action) {
                    case "enlist", "stop" -> "Stopped";
                    case "start" -> "Started";
                    default -> "Bound";
                };
            }
            long t0 = System.nanoTime();
            int code = send(method, path, body);
            long nanos = System.nanoTime() - t0;
            if (code / 100 == 2) {
                latencies.recordNanos(nanos);
                status[index] = next;
            } else {
                refused.computeIfAbsent(code, c -> new AtomicLong()).incrementAndGet();
            }
        }
    }

    int send(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30));
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        return client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    static String port(String name, String description) {
        return """
                {"name": "%s", "description": "%s", "application": "Bench",
                 "primaryTransport": {"type": "FILE", "address": "file:///tmp/bench/%%MessageID%%.xml"},
                 "filter": [[{"property": "BTS.MessageType", "operator": "==", "value": "Order"}]]}"""
                .formatted(name, description);
    }

    static BenchResult report(String figure, Result result) {
        return result.latencies().addTo(new BenchResult(figure, result.rate(), "commands/s"), "")
                .with("n", result.accepted())
                .with("refused", result.refused())
                .with("refused_by_status", result.refusedByStatus())
                .with("seconds", Math.round(result.seconds()))
                .with("virtual_users", USERS)
                .with("threads", USERS);
    }
}
