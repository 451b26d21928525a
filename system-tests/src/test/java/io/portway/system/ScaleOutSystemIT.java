package io.portway.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.portway.stack.PortwayStack;
import io.portway.stack.Service;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scale-out, proven (README, Scaling out): the shared system's query and delivery services get a second instance
 * each ({@link PortwayStack#launchInstance}), on the same PostgreSQL and Kafka. The second delivery instance has a
 * short lease and Kafka session timeout, so that once it is killed with {@code kill -9} its claims and partitions
 * move on within seconds; the second query instance is stopped at the end, and the shared system carries on.
 */
@ExtendWith(SharedStack.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScaleOutSystemIT {

    static final String QUERY = Service.PORT_QUERY.name();
    static final String DELIVERY = Service.DELIVERY.name();
    static final Duration LEASE = Duration.ofSeconds(3);
    static final Pattern COMPLETED = Pattern.compile(
            "(?m)^portway_delivery_outcomes_total\\{[^}]*status=\"Completed\"[^}]*} ([0-9.E]+)$");

    static PortwayStack stack;
    static Sink sink;
    static Api admin;
    static Api operator;
    static PortwayStack.Instance secondQuery;
    static PortwayStack.Instance secondDelivery;

    @BeforeAll
    static void startASecondInstanceOfEach() throws Exception {
        sink = new Sink();
        stack = SharedStack.stack();
        CompletableFuture<PortwayStack.Instance> query = CompletableFuture.supplyAsync(() ->
                stack.launchInstance(Service.PORT_QUERY, List.of()));
        secondDelivery = stack.launchInstance(Service.DELIVERY, List.of(
                "--portway.delivery.lease=" + LEASE,
                // a send held by the test's slow destination stays in flight until the instance is killed
                "--portway.delivery.http-read-timeout=PT60S",
                // a killed member leaves the consumer groups within seconds, not the default 45 s
                "--spring.kafka.consumer.properties.session.timeout.ms=6000",
                "--spring.kafka.consumer.properties.heartbeat.interval.ms=1000"));
        secondQuery = query.get(5, TimeUnit.MINUTES);
        assertThat(stack.instances(QUERY)).hasSize(2);
        assertThat(stack.instances(DELIVERY)).hasSize(2);
        URI command = stack.serviceUrl(Service.PORT_COMMAND.name()).orElseThrow();
        admin = Api.of(command, "admin");
        operator = Api.of(command, "operator");
        for (String port : List.of("ScaleOut.A", "ScaleOut.B")) {
            createAndStart(port, "/fast/" + port, "ScaleOut.Fast");
        }
        createAndStart("ScaleOut.Slow", "/slow", "ScaleOut.Slow");
    }

    @AfterAll
    static void stopTheSecondInstances() throws Exception {
        stack.instances(DELIVERY).forEach(instance -> signal("CONT", instance.pid()));
        for (PortwayStack.Instance instance : List.of(secondQuery, secondDelivery)) {
            if (instance != null) {
                ProcessHandle.of(instance.pid()).ifPresent(process -> {
                    process.destroy();
                    process.onExit().orTimeout(30, TimeUnit.SECONDS).join();
                });
            }
        }
        if (sink != null) {
            sink.close();
        }
    }

    @Test
    @Order(1)
    void two_delivery_instances_deliver_every_message_to_each_subscribed_port_once() {
        List<PortwayStack.Instance> deliveries = stack.instances(DELIVERY);
        for (PortwayStack.Instance instance : deliveries) {
            publishUntilRouted(publisher(instance), "ScaleOut.Fast", 2);
        }
        List<Double> before = deliveries.stream().map(ScaleOutSystemIT::completedBy).toList();
        Set<String> accepted = ConcurrentHashMap.newKeySet();
        AtomicInteger round = new AtomicInteger();
        // publish to both, half each, until each instance has delivered some (either may claim what the other took in)
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
            for (PortwayStack.Instance instance : deliveries) {
                String id = "fast-" + round.incrementAndGet();
                if (publish(publisher(instance), id, "ScaleOut.Fast").status() == 202) {
                    accepted.add(id);
                }
            }
            return completedBy(deliveries.get(0)) > before.get(0) && completedBy(deliveries.get(1)) > before.get(1)
                    && accepted.size() >= 40;
        });

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            for (String port : List.of("ScaleOut.A", "ScaleOut.B")) {
                assertThat(sink.answered("/fast/" + port).stream().map(Sink.Request::body)
                        .collect(Collectors.toSet())).as("messages delivered to " + port).containsAll(accepted);
            }
        });
        for (String port : List.of("ScaleOut.A", "ScaleOut.B")) {
            Map<String, Set<String>> keysByMessage = sink.all("/fast/" + port).stream().collect(Collectors.groupingBy(
                    Sink.Request::body, Collectors.mapping(Sink.Request::idempotencyKey, Collectors.toSet())));
            assertThat(keysByMessage.entrySet()).as(port + ": a message is sent again only as the same instance")
                    .allSatisfy(entry -> assertThat(entry.getValue()).as(entry.getKey()).hasSize(1));
        }
        List<Double> after = deliveries.stream().map(ScaleOutSystemIT::completedBy).toList();
        System.out.printf("scale-out: %d messages to 2 ports, deliveries recorded per instance: %.0f and %.0f%n",
                accepted.size(), after.get(0) - before.get(0), after.get(1) - before.get(1));
    }

    @Test
    @Order(2)
    void the_query_instances_split_the_partitions_and_both_answer_for_every_port() throws Exception {
        try (Admin kafka = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack.kafkaBootstrapServers()))) {
            int partitions = kafka.describeTopics(List.of("portway.send-port-events")).allTopicNames()
                    .get(30, TimeUnit.SECONDS).get("portway.send-port-events").partitions().size();
            assertThat(partitions).as("partitions of portway.send-port-events").isGreaterThan(1);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                ConsumerGroupDescription group = kafka.describeConsumerGroups(List.of("port-query-service"))
                        .all().get(30, TimeUnit.SECONDS).get("port-query-service");
                List<Set<Integer>> assigned = new ArrayList<>();
                for (MemberDescription member : group.members()) {
                    assigned.add(member.assignment().topicPartitions().stream()
                            .filter(partition -> partition.topic().equals("portway.send-port-events"))
                            .map(TopicPartition::partition).collect(Collectors.toSet()));
                }
                assertThat(assigned).as("partitions of each query instance").hasSize(2)
                        .allSatisfy(own -> assertThat(own).isNotEmpty());
                Set<Integer> all = new HashSet<>();
                assigned.forEach(all::addAll);
                assertThat(all).hasSize(partitions);
            });
        }
        for (PortwayStack.Instance instance : stack.instances(QUERY)) {
            Api viewer = Api.of(instance.url(), "viewer");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                for (String port : List.of("ScaleOut.A", "ScaleOut.B", "ScaleOut.Slow")) {
                    Api.Answer answer = viewer.get("/api/send-ports/" + port);
                    assertThat(answer.status()).as(instance.url() + " " + port).isEqualTo(200);
                    assertThat(answer.body().get("status").asText()).isEqualTo("Started");
                }
            });
        }
    }

    @Test
    @Order(3)
    void after_kill_9_of_a_delivery_instance_the_other_finishes_its_claimed_work_once_the_lease_expires()
            throws Exception {
        PortwayStack.Instance victim = secondDelivery;
        PortwayStack.Instance survivor = stack.instances(DELIVERY).get(0);
        publishUntilRouted(publisher(survivor), "ScaleOut.Slow", 1);
        publishUntilRouted(publisher(victim), "ScaleOut.Slow", 1);
        await().atMost(Duration.ofSeconds(60)).until(() -> sink.inFlight() == 0
                && sink.answered("/slow").size() == sink.all("/slow").size());

        Set<String> accepted = new HashSet<>();
        sink.hold();
        // the survivor is frozen (SIGSTOP) while the victim claims: the victim alone holds the slow port's work
        signal("STOP", survivor.pid());
        try {
            for (int i = 0; i < 8; i++) {
                String id = "slow-" + UUID.randomUUID();
                assertThat(publish(publisher(victim), id, "ScaleOut.Slow").status()).isEqualTo(202);
                accepted.add(id);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> sink.inFlight() > 0);
            Set<String> inFlight = sink.inFlightKeys();
            Map<String, Instant> leasedUntil = leases(inFlight);
            assertThat(leasedUntil.keySet()).as("Active (claimed) instances in flight").isEqualTo(inFlight);

            ProcessHandle process = ProcessHandle.of(victim.pid()).orElseThrow();
            process.destroyForcibly();
            process.onExit().get(30, TimeUnit.SECONDS);
            sink.release();
            signal("CONT", survivor.pid());

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(sink.answered("/slow").stream()
                    .map(Sink.Request::body).collect(Collectors.toSet())).containsAll(accepted));
            Api viewer = Api.of(survivor.url(), "viewer");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                for (String id : accepted) {
                    JsonNode instances = viewer.get("/api/messages/" + id).body().get("instances");
                    assertThat(instances).hasSize(1);
                    assertThat(instances.get(0).get("status").asText()).as(id).isEqualTo("Completed");
                }
            });
            for (String key : inFlight) {
                List<Sink.Request> again = sink.answered("/slow").stream()
                        .filter(request -> request.idempotencyKey().equals(key)).toList();
                assertThat(again).as("the survivor's retry of instance " + key + ", in flight at the kill")
                        .isNotEmpty()
                        .allSatisfy(request -> assertThat(request.at()).as("not before the lease expired")
                                .isAfterOrEqualTo(leasedUntil.get(key)));
            }
            Map<String, Set<String>> keysByMessage = sink.all("/slow").stream()
                    .filter(request -> accepted.contains(request.body())).collect(Collectors.groupingBy(
                            Sink.Request::body, Collectors.mapping(Sink.Request::idempotencyKey, Collectors.toSet())));
            assertThat(keysByMessage.values()).as("one instance id per message").allSatisfy(keys ->
                    assertThat(keys).hasSize(1));
            System.out.printf("scale-out crash: %d instance(s) in flight at kill -9, finished by the survivor%n",
                    inFlight.size());
        } finally {
            sink.release();
            signal("CONT", survivor.pid());
        }
    }

    static void createAndStart(String name, String path, String property) {
        Api.Answer created = admin.post("/api/send-ports", """
                {"name":"%s","application":"ScaleOut",
                 "primaryTransport":{"type":"HTTP","address":"%s","retryCount":100,"retryInterval":"PT1S"},
                 "filter":[[{"property":"%s","operator":"exists"}]]}""".formatted(name, sink.url(path), property));
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        assertThat(operator.post("/api/send-ports/" + name + "/start", "").status()).isEqualTo(200);
    }

    /** The leases (due times) of Active service instances among {@code ids}. */
    static Map<String, Instant> leases(Set<String> ids) throws SQLException {
        Map<String, Instant> leases = new HashMap<>();
        try (Connection db = DriverManager.getConnection(stack.jdbcUrl(), stack.jdbcUser(), stack.jdbcPassword());
             PreparedStatement select = db.prepareStatement("select id::text, due_at from delivery.service_instance "
                     + "where id::text = any(?) and status = 'Active'")) {
            select.setArray(1, db.createArrayOf("text", ids.toArray()));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    leases.put(rows.getString(1), rows.getTimestamp(2).toInstant());
                }
            }
        }
        return leases;
    }

    static Api publisher(PortwayStack.Instance delivery) {
        return Api.of(delivery.url(), "publisher");
    }

    static Api.Answer publish(Api delivery, String id, String property) {
        return delivery.post("/api/messages", """
                {"id":"%s","context":{"%s":"yes"},"body":"%s","contentType":"text/plain"}"""
                .formatted(id, property, id));
    }

    /** Waits until this delivery instance routes a message with {@code property} to {@code ports} ports. */
    static void publishUntilRouted(Api delivery, String property, int ports) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            Api.Answer answer = publish(delivery, "probe-" + UUID.randomUUID(), property);
            return answer.status() == 202 && answer.body().get("routes").size() == ports;
        });
    }

    /** Deliveries this instance recorded as Completed ({@code portway.delivery.outcomes}). */
    static double completedBy(PortwayStack.Instance delivery) {
        try {
            HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    delivery.url().resolve("/actuator/prometheus")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            Matcher matcher = COMPLETED.matcher(metrics.body());
            return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /** Sends a signal to a live process: STOP freezes it (a test hook, not a crash), CONT resumes it. */
    static void signal(String signal, long pid) {
        if (ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isEmpty()) {
            return;
        }
        try {
            new ProcessBuilder("kill", "-" + signal, String.valueOf(pid)).inheritIO().start().waitFor(10,
                    TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * An HTTP destination that records every request (path, body, Idempotency-Key, when) and answers 200, or, while
     * held, keeps requests in flight until released.
     */
    static final class Sink implements AutoCloseable {

        record Request(String path, String body, String idempotencyKey, Instant at, boolean answered) {
        }

        private final HttpServer server;
        private final List<Request> requests = new CopyOnWriteArrayList<>();
        private final Map<String, String> inFlight = new ConcurrentHashMap<>();
        private volatile CountDownLatch held = new CountDownLatch(0);

        Sink() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setExecutor(Executors.newCachedThreadPool());
            server.createContext("/", this::handle);
            server.start();
        }

        private void handle(HttpExchange exchange) throws IOException {
            try (InputStream in = exchange.getRequestBody()) {
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                String key = String.valueOf(exchange.getRequestHeaders().getFirst("Idempotency-Key"));
                String path = exchange.getRequestURI().getPath();
                Instant at = Instant.now();
                String token = UUID.randomUUID().toString();
                inFlight.put(token, key);
                boolean answered;
                try {
                    answered = held.await(120, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    answered = false;
                } finally {
                    inFlight.remove(token);
                }
                // a request held while its sender was killed is answered into a closed connection: not delivered
                boolean wasHeld = !at.isAfter(releasedAt);
                requests.add(new Request(path, body, key, at, answered && !wasHeld));
                exchange.sendResponseHeaders(200, -1);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.flush();
                }
            }
        }

        private volatile Instant releasedAt = Instant.MIN;

        String url(String path) {
            return "http://127.0.0.1:" + server.getAddress().getPort() + path;
        }

        void hold() {
            held = new CountDownLatch(1);
        }

        void release() {
            releasedAt = Instant.now();
            held.countDown();
        }

        int inFlight() {
            return inFlight.size();
        }

        Set<String> inFlightKeys() {
            return Set.copyOf(inFlight.values());
        }

        List<Request> all(String path) {
            return requests.stream().filter(request -> request.path().equals(path)).toList();
        }

        List<Request> answered(String path) {
            return requests.stream().filter(request -> request.path().equals(path) && request.answered()).toList();
        }

        @Override
        public void close() {
            release();
            server.stop(0);
        }
    }
}
