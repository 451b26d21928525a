package io.portway.bench;

import com.sun.net.httpserver.HttpServer;
import io.portway.events.TransportType;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code recovery}: 20 HTTP ports behind a local sink; publishers run 20 s, the delivery service is killed with
 * {@code kill -9} and started again at once, publishers go on for 15 s after it is back; that twice, the first
 * restart from the plain exec jar, the second with Class Data Sharing (the extracted jar and an archive from a
 * training run made before the figure starts, {@link DeliveryHarness#useClassDataSharing()}), which is the figure's
 * value. Then: messages accepted (202) but never delivered (lost), messages delivered under more than one instance
 * id (duplicates; the same instance retried is not a duplicate), and for each restart the seconds from the kill to
 * the first delivery after it, with the timeline in between: process launched, Spring's main began and its context
 * was up (from the "Started … (process running for …)" log line), healthy, first publish accepted (the routing
 * table loaded), first delivery.
 */
final class Recovery implements Figure {

    @Override
    public void run() throws Exception {
        Map<String, Set<String>> keysByMessage = new ConcurrentHashMap<>();
        AtomicLong deliveries = new AtomicLong();
        AtomicReference<Instant> lastDelivery = new AtomicReference<>(Instant.EPOCH);
        AtomicReference<Instant> firstAccepted = new AtomicReference<>();
        HttpServer sink = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        sink.setExecutor(Executors.newFixedThreadPool(16));
        sink.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            String message = exchange.getRequestHeaders().getFirst("X-Portway-Message-Id");
            String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
            keysByMessage.computeIfAbsent(message, m -> ConcurrentHashMap.newKeySet()).add(key);
            deliveries.incrementAndGet();
            lastDelivery.set(Instant.now());
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        sink.start();
        try (DeliveryHarness harness = new DeliveryHarness(List.of("-Xmx512m", "-XX:+UseSerialGC"))) {
            String sinkUrl = "http://127.0.0.1:" + sink.getAddress().getPort() + "/in";
            for (int i = 0; i < 20; i++) {
                harness.startedPort("recovery-" + harness.runId + "-" + i,
                        DeliveryHarness.transport(TransportType.HTTP, sinkUrl), "k" + i);
            }
            double trainingSeconds = harness.useClassDataSharing();
            harness.startService(false);
            harness.awaitRoutable("k0");
            Set<String> accepted = ConcurrentHashMap.newKeySet();
            AtomicLong counter = new AtomicLong();
            AtomicBoolean running = new AtomicBoolean(true);
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                Thread thread = new Thread(() -> {
                    while (running.get()) {
                        String id = "r-" + counter.incrementAndGet();
                        int status = harness.publish(id, "k" + (id.hashCode() & 0xffff) % 20, id);
                        if (status == 202) {
                            accepted.add(id);
                            firstAccepted.compareAndSet(null, Instant.now());
                        } else if (status < 0) {
                            try {
                                Thread.sleep(50);
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                    }
                });
                thread.start();
                threads.add(thread);
            }
            Map<String, Object> details = new LinkedHashMap<>();
            Map<String, Object> plain = null;
            Map<String, Object> withCds = null;
            for (boolean classDataSharing : new boolean[] {false, true}) {
                Thread.sleep(20_000);
                Instant killed = Instant.now();
                harness.kill();
                long deliveredAtKill = deliveries.get();
                firstAccepted.set(null);
                harness.startService(classDataSharing);
                Instant healthy = Instant.now();
                Instant deadline = Instant.now().plusSeconds(120);
                while (deliveries.get() == deliveredAtKill || !lastDelivery.get().isAfter(killed)
                        || firstAccepted.get() == null) {
                    if (Instant.now().isAfter(deadline)) {
                        break;
                    }
                    Thread.sleep(20);
                }
                Instant resumed = lastDelivery.get();
                Map<String, Object> timeline = new LinkedHashMap<>();
                timeline.put("launched_s", seconds(killed, harness.launched));
                double[] context = harness.contextTimes();
                if (context.length == 2) {
                    double launchedAt = seconds(killed, harness.launched);
                    timeline.put("main_began_s", round(launchedAt + context[0]));
                    timeline.put("context_up_s", round(launchedAt + context[1]));
                }
                timeline.put("healthy_s", seconds(killed, healthy));
                timeline.put("first_accepted_s", firstAccepted.get() == null ? null
                        : seconds(killed, firstAccepted.get()));
                timeline.put("first_delivery_s", seconds(killed, resumed));
                if (classDataSharing) {
                    withCds = timeline;
                } else {
                    plain = timeline;
                }
            }
            Thread.sleep(15_000);
            running.set(false);
            for (Thread thread : threads) {
                thread.join();
            }
            Instant drain = Instant.now().plusSeconds(120);
            while (!keysByMessage.keySet().containsAll(accepted) && Instant.now().isBefore(drain)) {
                Thread.sleep(200);
            }
            long lost = accepted.stream().filter(id -> !keysByMessage.containsKey(id)).count();
            long duplicates = keysByMessage.entrySet().stream()
                    .filter(entry -> !entry.getKey().startsWith("probe-") && entry.getValue().size() > 1).count();
            details.put("lost", lost);
            details.put("duplicates", duplicates);
            details.put("accepted", accepted.size());
            details.put("kills", 2);
            details.put("timeline_cds", withCds);
            details.put("timeline_plain_jar", plain);
            details.put("cds_training_s", trainingSeconds);
            details.put("publisher_threads", threads.size());
            details.put("target", "0 lost, resume <= 15 s");
            BenchResult result = new BenchResult(name(), (Double) withCds.get("first_delivery_s"), "s to resume");
            details.forEach(result::with);
            result.report();
        } finally {
            sink.stop(0);
        }
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 1000.0;
    }

    private static double round(double seconds) {
        return Math.round(seconds * 1000) / 1000.0;
    }
}
