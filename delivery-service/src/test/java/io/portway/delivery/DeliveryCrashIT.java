package io.portway.delivery;

import io.portway.events.ArtifactStatus;
import io.portway.events.Filter;
import io.portway.events.FilterOperator;
import io.portway.events.FilterStatement;
import io.portway.events.SendPipeline;
import io.portway.events.SendPortConfiguration;
import io.portway.events.Tracking;
import io.portway.events.Transport;
import io.portway.events.TransportType;
import io.portway.testsupport.PortwayTestInfrastructure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The worst moment: the service (the built jar, as a child process) is killed with {@code kill -9} while it
 * delivers to a slow HTTP destination under load, then started again. Every message that got its 202 is delivered,
 * and a destination sees a message twice only as a retry of the same instance (same {@code Idempotency-Key}).
 */
class DeliveryCrashIT {

    private final List<Process> processes = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @AfterEach
    void killAll() {
        processes.forEach(Process::destroyForcibly);
    }

    @Test
    void nothing_accepted_is_lost_and_nothing_is_delivered_twice_under_another_instance_id() throws Exception {
        String jdbcUrl = PortwayTestInfrastructure.newDatabaseJdbcUrl();
        String suffix = "crash-" + UUID.randomUUID().toString().substring(0, 8);
        String port = "crash-port";
        int httpPort = freePort();
        List<String> arguments = List.of(
                "--server.port=" + httpPort,
                "--spring.profiles.active=local",
                "--spring.datasource.url=" + jdbcUrl,
                "--spring.datasource.username=" + PortwayTestInfrastructure.jdbcUser(),
                "--spring.datasource.password=" + PortwayTestInfrastructure.jdbcPassword(),
                "--spring.kafka.bootstrap-servers=" + PortwayTestInfrastructure.kafkaBootstrapServers(),
                "--portway.topics.send-port-events=portway.send-port-events." + suffix,
                "--portway.topics.messages=portway.messages." + suffix,
                "--portway.topics.delivery-events=portway.delivery-events." + suffix,
                // its consumer groups are the ones of every delivery test context on this broker: a member killed
                // with -9 must leave them within seconds, or the next context waits for it in a rebalance
                "--spring.kafka.consumer.properties.session.timeout.ms=6000",
                "--spring.kafka.consumer.properties.heartbeat.interval.ms=1000",
                "--portway.delivery.lease=PT3S",
                "--portway.delivery.http-read-timeout=PT2S");

        try (HttpSink sink = new HttpSink();
             EventFeed feed = new EventFeed(PortwayTestInfrastructure.kafkaBootstrapServers(),
                     "portway.send-port-events." + suffix)) {
            sink.delay(5);
            feed.port(port, new SendPortConfiguration("", "Default",
                    new Transport(TransportType.HTTP, sink.url("/in"), Map.of(), 100, Duration.ofMillis(200), null),
                    null, SendPipeline.PassThruTransmit,
                    new Filter(List.of(List.of(new FilterStatement("Crash.Test", FilterOperator.EXISTS, null)))),
                    5, false, false, false, Tracking.NONE), ArtifactStatus.Started);

            Process first = start(arguments, "first");
            awaitHealthy(httpPort);
            awaitRoutable(httpPort);

            Set<String> accepted = ConcurrentHashMap.newKeySet();
            AtomicInteger counter = new AtomicInteger();
            AtomicBoolean publishing = new AtomicBoolean(true);
            List<Thread> publishers = publishers(httpPort, accepted, counter, publishing);
            await().atMost(Duration.ofSeconds(180)).until(() -> sink.all().size() >= 100);
            first.destroyForcibly().waitFor();
            for (Thread publisher : publishers) {
                publisher.join();
            }
            int acceptedBeforeCrash = accepted.size();

            start(arguments, "second");
            awaitHealthy(httpPort);
            publishers = publishers(httpPort, accepted, counter, publishing);
            await().atMost(Duration.ofSeconds(180)).until(() -> accepted.size() > acceptedBeforeCrash + 50);
            publishing.set(false);
            for (Thread publisher : publishers) {
                publisher.join();
            }

            await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> assertThat(sink.all().stream()
                    .map(HttpSink.Received::body).collect(Collectors.toSet())).containsAll(accepted));
            Map<String, Set<String>> keysByMessage = sink.all().stream().collect(Collectors.groupingBy(
                    HttpSink.Received::body, Collectors.mapping(HttpSink.Received::idempotencyKey,
                            Collectors.toSet())));
            assertThat(keysByMessage.entrySet()).allSatisfy(entry ->
                    assertThat(entry.getValue()).as("instance ids that delivered %s", entry.getKey()).hasSize(1));
            assertThat(acceptedBeforeCrash).isPositive();
            long distinct = keysByMessage.size();
            System.out.printf("delivery crash: %d deliveries of %d messages, %d repeated after the kill "
                    + "(same instance id)%n", sink.all().size(), distinct, sink.all().size() - distinct);
        }
    }

    /** Publishers that stop when told or at the first refused connection (the service died); a slow answer is not accepted. */
    private List<Thread> publishers(int port, Set<String> accepted, AtomicInteger counter, AtomicBoolean publishing) {
        List<Thread> publishers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread publisher = new Thread(() -> {
                while (publishing.get()) {
                    String id = "crash-" + counter.incrementAndGet();
                    int status = publish(port, id);
                    if (status == 202) {
                        accepted.add(id);
                    } else if (status < 0) {
                        return;
                    }
                }
            });
            publisher.start();
            publishers.add(publisher);
        }
        return publishers;
    }

    private Process start(List<String> arguments, String name) throws IOException {
        String jar = System.getProperty("delivery.execJar");
        assertThat(jar).as("system property delivery.execJar (set by failsafe)").isNotNull();
        assertThat(new File(jar)).exists();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:+UseSerialGC", "-jar", jar));
        command.addAll(arguments);
        Path log = Path.of("target", "crash-" + name + ".log");
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        processes.add(process);
        return process;
    }

    private void awaitHealthy(int port) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
                return response.statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
    }

    /** The port's events reached the routing table once a probe message is accepted. */
    private void awaitRoutable(int port) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                .until(() -> publish(port, "probe-" + UUID.randomUUID()) == 202);
    }

    private int publish(int port, String id) {
        String body = "{\"id\":\"" + id + "\",\"context\":{\"Crash.Test\":\"yes\"},\"body\":\"" + id + "\"}";
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/api/messages"))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Basic " + Base64.getEncoder()
                            .encodeToString("publisher:publisher".getBytes(StandardCharsets.UTF_8)))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode();
        } catch (java.net.ConnectException e) {
            return -1;
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
