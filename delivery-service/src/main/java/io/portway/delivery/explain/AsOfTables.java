package io.portway.delivery.explain;

import io.portway.messaging.SendPortEventCodec;
import io.portway.support.PortwayException;
import io.portway.support.PortwayTopics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Reads {@code portway.send-port-events} (infinite retention) from the beginning up to the end offsets taken when
 * asked, with a throw-away consumer (no group, nothing committed), into an {@link AsOfReplay}. Bounded: at most
 * {@value #CONCURRENT} replays at once, each within {@code portway.delivery.explain-as-of-timeout} (default 10 s);
 * past it the request is refused with 503 {@code AS_OF_UNAVAILABLE} and {@code Retry-After}.
 */
@Component
class AsOfTables {

    static final String UNAVAILABLE = "AS_OF_UNAVAILABLE";
    static final int CONCURRENT = 2;
    private static final Duration POLL = Duration.ofMillis(200);

    private final KafkaProperties kafka;
    private final SendPortEventCodec codec;
    private final String topic;
    private final Duration timeout;
    private final Semaphore replays = new Semaphore(CONCURRENT);

    AsOfTables(KafkaProperties kafka, SendPortEventCodec codec, PortwayTopics topics,
               @Value("${portway.delivery.explain-as-of-timeout:PT10S}") Duration timeout) {
        this.kafka = kafka;
        this.codec = codec;
        this.topic = topics.sendPortEvents();
        this.timeout = timeout;
    }

    /** The routing table as it was at {@code asOf}. */
    AsOfReplay at(Instant asOf) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            if (!replays.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                throw unavailable("too many as-of explanations at once");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted");
        }
        try {
            return read(asOf, deadline);
        } catch (KafkaException e) {
            throw unavailable(e.toString());
        } finally {
            replays.release();
        }
    }

    private AsOfReplay read(Instant asOf, long deadline) {
        Map<String, Object> properties = kafka.buildConsumerProperties(null);
        properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "delivery-explain-as-of");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, remaining(deadline));
            List<TopicPartition> partitions = infos == null ? List.of()
                    : infos.stream().map(info -> new TopicPartition(topic, info.partition())).toList();
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, remaining(deadline));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Set<TopicPartition> open = new HashSet<>(partitions);
            AsOfReplay replay = new AsOfReplay(asOf);
            while (true) {
                open.removeIf(partition -> consumer.position(partition, remaining(deadline)) >= ends.get(partition));
                if (open.isEmpty()) {
                    return replay;
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(min(POLL, remaining(deadline)))) {
                    if (record.offset() < ends.get(new TopicPartition(record.topic(), record.partition()))) {
                        replay.offer(decode(record));
                    }
                }
            }
        }
    }

    private io.portway.events.EventEnvelope decode(ConsumerRecord<String, byte[]> record) {
        try {
            return codec.fromRecord(record);
        } catch (RuntimeException e) {
            throw unavailable("the event at " + record.topic() + "-" + record.partition() + "@" + record.offset()
                    + " cannot be read (" + e.getMessage() + ")");
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private Duration remaining(long deadline) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw unavailable(topic + " could not be read to its end within " + timeout);
        }
        return Duration.ofNanos(left);
    }

    private static Unavailable unavailable(String why) {
        return new Unavailable("the routing table as of then cannot be rebuilt now: " + why + "; try again");
    }

    /** 503 {@value #UNAVAILABLE}; the controller adds {@code Retry-After}. */
    static final class Unavailable extends PortwayException {
        static final int RETRY_AFTER_SECONDS = 5;

        Unavailable(String detail) {
            super(HttpStatus.SERVICE_UNAVAILABLE, UNAVAILABLE, detail);
        }
    }
}
