package io.portway.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.portway.stack.Service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code routing_lag}: ms from a start command's 2xx until a message published right then is routed to that port
 * (answered 202 with a route to the port that is not held). Each sample creates a port whose filter only its own
 * messages match, starts it, and publishes at once from the same thread (so the harness adds no delay); a publish
 * answered 422, 503 or with the port's instance held counts as a {@code retry} and is published again until
 * routed. Samples run idle ({@code -Dbench.routing.samples}, default 40) and then under the command_throughput
 * mix over 200 ports (the same number of samples, after 5 s of load).
 */
final class RoutingLag implements Figure {

    private static final int LOAD_PORTS = 200;

    @Override
    public void run() throws Exception {
        int samples = Integer.getInteger("bench.routing.samples", 40);
        try (BenchEnvironment environment = BenchEnvironment.start(List.of(Service.PORT_COMMAND,
                Service.DELIVERY))) {
            Http command = new Http(environment.command(), "admin", "admin");
            Http delivery = new Http(environment.delivery(), "publisher", "publisher");
            String prefix = "rl-" + Long.toString(System.currentTimeMillis(), 36) + "-";
            AtomicLong retries = new AtomicLong();
            sample(command, delivery, prefix + "warm-", 5, retries);
            retries.set(0);
            double[] idle = sample(command, delivery, prefix + "idle-", samples, retries);
            long idleRetries = retries.getAndSet(0);

            CommandLoad load = new CommandLoad(environment.command(), prefix + "load-", LOAD_PORTS);
            load.createPorts();
            ExecutorService background = Executors.newSingleThreadExecutor();
            Future<CommandLoad.Result> running = background.submit(() -> load.run(Duration.ofSeconds(
                    Integer.getInteger("bench.routing.load.seconds", 40))));
            Thread.sleep(5_000);
            double[] loaded = new double[0];
            String loadedError = null;
            try {
                loaded = sample(command, delivery, prefix + "loaded-", samples, retries);
            } catch (IllegalStateException e) {
                // still report the idle figure: say why the loaded one is missing
                loadedError = e.getMessage().length() > 400 ? e.getMessage().substring(0, 400) : e.getMessage();
            }
            long loadedRetries = retries.get();
            CommandLoad.Result result = running.get();
            background.shutdown();

            new BenchResult(name(), BenchResult.percentile(idle, 99), "ms")
                    .with("loaded_error", loadedError)
                    .with("idle_p50_ms", BenchResult.percentile(idle, 50))
                    .with("idle_p99_ms", BenchResult.percentile(idle, 99))
                    .with("idle_retries", idleRetries)
                    .with("loaded_p50_ms", BenchResult.percentile(loaded, 50))
                    .with("loaded_p99_ms", BenchResult.percentile(loaded, 99))
                    .with("loaded_retries", loadedRetries)
                    .with("n", samples)
                    .with("load_commands_per_s", result.rate())
                    .with("load_virtual_users", CommandLoad.USERS)
                    .with("target_p99_ms", 100)
                    .report();
        }
    }

    private static double[] sample(Http command, Http delivery, String prefix, int samples, AtomicLong retries)
            throws Exception {
        List<Double> lags = new ArrayList<>();
        for (int i = 0; i < samples; i++) {
            String port = prefix + i;
            String marker = port + "-msg";
            Http.Answer created = command.post("/api/send-ports", """
                    {"name": "%s", "application": "Bench",
                     "primaryTransport": {"type": "FILE", "address": "file://%s/portway-bench/%%MessageID%%.xml"},
                     "filter": [[{"property": "Bench.Target", "operator": "==", "value": "%s"}]]}"""
                    .formatted(port, System.getProperty("java.io.tmpdir"), marker));
            if (created.status() != 201) {
                throw new IllegalStateException("cannot create " + port + ": " + created);
            }
            Http.Answer started = command.post("/api/send-ports/" + port + "/start", null);
            long answered = System.nanoTime();
            if (started.status() != 200) {
                throw new IllegalStateException("cannot start " + port + ": " + started);
            }
            String message = """
                    {"context": {"Bench.Target": "%s"}, "body": "<order/>"}""".formatted(marker);
            long deadline = answered + Duration.ofSeconds(30).toNanos();
            while (true) {
                Http.Answer published = delivery.post("/api/messages", message);
                if (routedTo(published, port)) {
                    lags.add((System.nanoTime() - answered) / 1e6);
                    break;
                }
                retries.incrementAndGet();
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("a message for " + port + " was not routed in 30 s: "
                            + published);
                }
            }
        }
        return lags.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** 202 with a route to the port whose instance is not held (Suspended). */
    private static boolean routedTo(Http.Answer published, String port) {
        if (published.status() != 202) {
            return false;
        }
        for (JsonNode route : published.body().path("routes")) {
            if (port.equals(route.path("sendPort").asText())) {
                return !route.path("status").asText().startsWith("Suspended");
            }
        }
        return false;
    }
}
