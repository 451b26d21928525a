package io.portway.delivery.routing;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.portway.support.DaemonThreads;
import io.portway.support.PortwayTopics;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Read-your-writes for publishers (docs/RULES.md §7): a message is routed only once the routing table reflects every
 * record of {@code portway.send-port-events} that existed when the message arrived. Since the command service
 * answers 2xx only after Kafka acknowledged its events, every change acknowledged before the message is then seen.
 *
 * <p>One thread takes the topic's end offsets once per round for all the messages that arrived before the round
 * began (one {@code ListOffsets} request however many publishes wait), and each waiting publish is woken as soon as
 * the table reaches them: by this instance's own routing consumer ({@link RoutingTable#advance}), or, for the
 * partitions another instance of the service consumes, by reloading the stored table once the database reaches
 * them. Past {@code portway.delivery.routing-wait} (default 2 s) the publish is refused with
 * {@link RoutingNotCaughtUpException} and nothing is stored.
 */
@Component
public class RoutingBarrier implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RoutingBarrier.class);
    /** While a publish waits for a partition another instance consumes, how often the stored positions are read. */
    private static final long OTHER_INSTANCES_POLL_MS = 10;
    private static final Duration PARTITIONS_REFRESH = Duration.ofSeconds(30);

    private final RoutingTable table;
    private final RoutingTableProjection projection;
    private final KafkaProperties kafka;
    private final String topic;
    private final Duration wait;
    private final BlockingDeque<Waiter> arrivals = new LinkedBlockingDeque<>();
    private final Set<Waiter> waiting = ConcurrentHashMap.newKeySet();
    private final Timer waits;
    private final Counter refused;
    private volatile boolean running;
    private Thread thread;
    private Consumer<byte[], byte[]> offsets;
    private List<TopicPartition> partitions = List.of();
    private long partitionsReadAt;

    RoutingBarrier(RoutingTable table, RoutingTableProjection projection, KafkaProperties kafka, PortwayTopics topics,
                   @Value("${portway.delivery.routing-wait:PT2S}") Duration wait, MeterRegistry meters) {
        this.table = table;
        this.projection = projection;
        this.kafka = kafka;
        this.topic = topics.sendPortEvents();
        this.wait = wait;
        this.waits = Timer.builder("portway.routing.barrier.wait")
                .description("how long a message waited for the routing table to reach the changes acknowledged "
                        + "before it arrived")
                .publishPercentiles(0.5, 0.99)
                .register(meters);
        this.refused = Counter.builder("portway.routing.barrier.refused")
                .description("messages refused with 503 ROUTING_NOT_CAUGHT_UP")
                .register(meters);
        table.onAdvance(this::wake);
    }

    /** A publish waiting for the table to reach {@code target}, the end offsets taken after it arrived. */
    private static final class Waiter {
        final CompletableFuture<Void> reached = new CompletableFuture<>();
        volatile Map<Integer, Long> target;
    }

    /**
     * Returns once the routing table reflects every change acknowledged before this call.
     *
     * @throws RoutingNotCaughtUpException past the bound
     */
    public void await() {
        long start = System.nanoTime();
        Waiter waiter = new Waiter();
        arrivals.add(waiter);
        try {
            waiter.reached.get(wait.toNanos(), TimeUnit.NANOSECONDS);
            waits.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            waiter.reached.cancel(false);
            waiting.remove(waiter);
            refused.increment();
            throw new RoutingNotCaughtUpException(Duration.ofNanos(System.nanoTime() - start), behind(waiter.target));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            waiter.reached.cancel(false);
            waiting.remove(waiter);
            throw new RoutingNotCaughtUpException(Duration.ofNanos(System.nanoTime() - start), "interrupted");
        }
    }

    private String behind(Map<Integer, Long> target) {
        if (target == null) {
            return "the end offsets of " + topic + " could not be read";
        }
        List<String> behind = new ArrayList<>();
        target.forEach((partition, end) -> {
            long position = table.position(partition);
            if (position < end) {
                behind.add(topic + "-" + partition + " at " + position + " of " + end);
            }
        });
        return behind.isEmpty() ? "caught up just now" : "behind: " + String.join(", ", behind);
    }

    /** Completes the waiting publishes the table now reaches; called whenever it advances. */
    private void wake() {
        if (waiting.isEmpty()) {
            return;
        }
        for (Waiter waiter : waiting) {
            if (waiter.reached.isDone()) {
                waiting.remove(waiter);
            } else if (table.reached(waiter.target)) {
                waiting.remove(waiter);
                waiter.reached.complete(null);
            }
        }
    }

    private void rounds() {
        while (running) {
            try {
                Waiter first = waiting.isEmpty()
                        ? arrivals.poll(1, TimeUnit.SECONDS)
                        : arrivals.poll(OTHER_INSTANCES_POLL_MS, TimeUnit.MILLISECONDS);
                if (first != null) {
                    round(first);
                }
                if (!waiting.isEmpty()) {
                    projection.catchUpWithOtherInstances(highestTarget());
                    wake();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("routing barrier round failed (the publishes waiting will time out unless the next "
                        + "round succeeds): {}", e.toString());
            }
        }
    }

    /** One round: the end offsets, read once after every waiter of the batch arrived, become their target. */
    private void round(Waiter first) {
        List<Waiter> batch = new ArrayList<>();
        batch.add(first);
        arrivals.drainTo(batch);
        Map<Integer, Long> ends;
        try {
            ends = endOffsets();
        } catch (RuntimeException e) {
            batch.stream().filter(waiter -> !waiter.reached.isDone()).forEach(arrivals::addFirst);
            throw e;
        }
        for (Waiter waiter : batch) {
            waiter.target = ends;
            if (!waiter.reached.isDone()) {
                waiting.add(waiter);
            }
        }
        wake();
    }

    private Map<Integer, Long> highestTarget() {
        Map<Integer, Long> highest = new HashMap<>();
        for (Waiter waiter : waiting) {
            waiter.target.forEach((partition, end) -> highest.merge(partition, end, Math::max));
        }
        return highest;
    }

    private Map<Integer, Long> endOffsets() {
        long now = System.nanoTime();
        if (partitions.isEmpty() || now - partitionsReadAt > PARTITIONS_REFRESH.toNanos()) {
            List<PartitionInfo> infos = offsets.partitionsFor(topic, wait);
            partitions = infos == null ? List.of()
                    : infos.stream().map(info -> new TopicPartition(topic, info.partition())).toList();
            partitionsReadAt = now;
        }
        Map<Integer, Long> ends = new HashMap<>();
        offsets.endOffsets(partitions, wait).forEach((partition, end) -> ends.put(partition.partition(), end));
        return ends;
    }

    @Override
    public synchronized void start() {
        Map<String, Object> properties = kafka.buildConsumerProperties(null);
        properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "delivery-routing-barrier");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        offsets = new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        running = true;
        thread = DaemonThreads.start("routing-barrier", this::rounds);
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (thread != null) {
            DaemonThreads.stop(thread);
            thread = null;
        }
        if (offsets != null) {
            offsets.close(Duration.ofSeconds(2));
            offsets = null;
        }
    }

    /** Starts before, and stops after, the web server and the listener containers that wait here. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
