package io.portway.bench;

import io.portway.events.EventEnvelope;
import io.portway.events.Filter;
import io.portway.events.FilterOperator;
import io.portway.events.FilterStatement;
import io.portway.events.PortwayEvent;
import io.portway.events.SendPipeline;
import io.portway.events.SendPortConfiguration;
import io.portway.events.SendPortConfigured;
import io.portway.events.SendPortCreated;
import io.portway.events.SendPortEnlisted;
import io.portway.events.SendPortStarted;
import io.portway.events.SendPortStopped;
import io.portway.events.Tracking;
import io.portway.events.Transport;
import io.portway.events.TransportType;
import io.portway.messaging.SendPortEventCodec;
import io.portway.stack.Service;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

/**
 * {@code rebuild_rate}: produces ≥ 1 M realistic events (ports created with a full configuration, reconfigured,
 * enlisted, started, stopped; interleaved across ports) straight to the topic with the shared codec, waits until
 * the query service's live projection has them, then rebuilds and divides the events replayed by the rebuild's
 * duration. Size with {@code -Dbench.rebuild.events=}.
 */
final class RebuildRate implements Figure {

    private static final int EVENTS_PER_PORT = 5;

    @Override
    public void run() throws Exception {
        int events = Integer.getInteger("bench.rebuild.events", 1_000_000);
        int ports = events / EVENTS_PER_PORT;
        try (BenchEnvironment environment = BenchEnvironment.start(List.of(Service.PORT_QUERY))) {
            String topic = environment.sendPortEventsTopic();
            createTopic(environment.kafka(), topic);
            long produceStart = System.nanoTime();
            produce(environment.kafka(), topic, ports);
            System.out.printf("rebuild_rate: produced %d events in %.1f s%n", ports * EVENTS_PER_PORT,
                    (System.nanoTime() - produceStart) / 1e9);

            Http query = new Http(environment.query(), "admin", "admin");
            String last = "/api/send-ports/bench-" + (ports - 1) + "?minVersion=" + EVENTS_PER_PORT;
            long waitStart = System.nanoTime();
            while (query.get(last).status() != 200) {
                System.out.printf("rebuild_rate: waiting for the live projection (%.0f s)%n",
                        (System.nanoTime() - waitStart) / 1e9);
            }
            double liveSeconds = (System.nanoTime() - waitStart) / 1e9;

            Http.Answer started = query.post("/api/admin/rebuild", null);
            if (started.status() != 202) {
                throw new IllegalStateException("rebuild refused: " + started);
            }
            Http.Answer progress;
            do {
                Thread.sleep(500);
                progress = query.get("/api/admin/rebuild");
            } while ("RUNNING".equals(progress.body().get("state").asText()));
            if (!"COMPLETED".equals(progress.body().get("state").asText())) {
                throw new IllegalStateException("rebuild did not complete: " + progress.body());
            }
            long processed = progress.body().get("processed").asLong();
            double seconds = Duration.between(Instant.parse(progress.body().get("startedAt").asText()),
                    Instant.parse(progress.body().get("finishedAt").asText())).toMillis() / 1000.0;
            new BenchResult(name(), processed / seconds, "events/s")
                    .with("n", processed)
                    .with("seconds", seconds)
                    .with("artifacts", ports)
                    .with("live_catch_up_events_per_s", ports * EVENTS_PER_PORT / liveSeconds)
                    .with("target", 20000)
                    .report();
        }
    }

    static void createTopic(String kafka, String topic) throws InterruptedException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka))) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1).configs(Map.of("retention.ms", "-1"))))
                    .all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException(e);
            }
        }
    }

    static void produce(String kafka, String topic, int ports) {
        SendPortEventCodec codec = new SendPortEventCodec();
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024,
                ProducerConfig.BUFFER_MEMORY_CONFIG, 256L * 1024 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        String[] ids = new String[ports];
        for (int i = 0; i < ports; i++) {
            ids[i] = UUID.randomUUID().toString();
        }
        Instant start = Instant.now().minus(Duration.ofDays(1));
        long position = 0;
        try (KafkaProducer<String, byte[]> producer =
                     new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            for (int step = 1; step <= EVENTS_PER_PORT; step++) {
                for (int i = 0; i < ports; i++) {
                    String name = "bench-" + i;
                    position++;
                    EventEnvelope envelope = new EventEnvelope(UUID.randomUUID().toString(), ids[i], step, position,
                            start.plusMillis(position), "admin", "bench-" + position, event(name, step, i));
                    producer.send(codec.toRecord(topic, envelope));
                }
            }
            producer.flush();
        }
    }

    private static PortwayEvent event(String name, int step, int i) {
        return switch (step) {
            case 1 -> new SendPortCreated(name, false, false, configuration(i, "created"));
            case 2 -> new SendPortConfigured(name, configuration(i, "reconfigured"));
            case 3 -> new SendPortEnlisted(name);
            case 4 -> new SendPortStarted(name);
            default -> new SendPortStopped(name);
        };
    }

    private static SendPortConfiguration configuration(int i, String description) {
        TransportType type = TransportType.values()[i % 3];
        String address = switch (type) {
            case FILE -> "file:///var/portway/out/" + i + "/%MessageID%.xml";
            case HTTP -> "http://partner-" + i + ".example.com/in";
            case KAFKA -> "kafka://orders-" + i;
        };
        Filter filter = new Filter(List.of(
                List.of(new FilterStatement("BTS.ReceivePortName", FilterOperator.EQUALS, "RP" + i % 50),
                        new FilterStatement("Orders.Total", FilterOperator.GREATER_THAN_OR_EQUAL, "100")),
                List.of(new FilterStatement("Orders.Country", FilterOperator.EQUALS, "NL"))));
        return new SendPortConfiguration(description + " port " + i, "App" + i % 20,
                new Transport(type, address, Map.of("timeout", "30"), 3, Duration.ofMinutes(5), null), null,
                SendPipeline.XmlTransmit, filter, 1 + i % 10, false, false, false, Tracking.NONE);
    }
}
