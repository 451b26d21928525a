package io.portway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * {@code portway events tail}: follows Portway's CloudEvents topics with a plain Kafka consumer that joins no
 * consumer group (it commits nothing and takes nothing from the services' consumers).
 */
@Command(name = "events", description = "Kafka events: tail.")
final class EventsCommand extends Base {

    static final List<String> TOPICS = List.of("portway.send-port-events", "portway.delivery-events");

    @Command(name = "tail", description = {"Follow portway.send-port-events and portway.delivery-events.",
            "One line per event; with --output json one JSON object per line (topic, partition, offset, key,",
            "headers, data)."})
    public int tail(
            @Option(names = "--bootstrap", paramLabel = "HOST:PORT",
                    description = "Kafka (env PORTWAY_KAFKA_BOOTSTRAP_SERVERS, profile key kafka; default 127.0.0.1:19092)")
            String bootstrap,
            @Option(names = "--topic", paramLabel = "TOPIC", description = "the topics (default both)")
            List<String> topics,
            @Option(names = "--from-beginning", description = "start at the oldest event kept, not at the end")
            boolean fromBeginning,
            @Option(names = "--max", paramLabel = "N", description = "stop after N events") Integer max,
            @Option(names = "--timeout", paramLabel = "DURATION",
                    description = "stop after this long, e.g. PT30S (default: run until interrupted)")
            Duration timeout) {
        String servers = bootstrap != null ? bootstrap : root().connection().kafka();
        List<String> followed = topics == null || topics.isEmpty() ? TOPICS : topics;
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "portway-cli");
        Instant deadline = timeout == null ? null : Instant.now().plus(timeout);
        int seen = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : followed) {
                List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
                if (infos == null || infos.isEmpty()) {
                    root().err.println("portway: topic " + topic + " does not exist (yet); not following it");
                    continue;
                }
                infos.forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
            }
            if (partitions.isEmpty()) {
                throw new Portway.UsageProblem("none of the topics " + followed + " exists at " + servers);
            }
            consumer.assign(partitions);
            if (fromBeginning) {
                consumer.seekToBeginning(partitions);
            } else {
                consumer.seekToEnd(partitions);
            }
            partitions.forEach(consumer::position);
            root().err.println("portway: following " + String.join(", ", followed) + " at " + servers);
            root().err.flush();
            while ((max == null || seen < max) && (deadline == null || Instant.now().isBefore(deadline))) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    print(record);
                    if (max != null && ++seen >= max) {
                        break;
                    }
                }
                root().out.flush();
            }
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw new Api.Unreachable("cannot reach Kafka at " + servers + " (" + e.getMessage() + ")", e);
        } catch (KafkaException e) {
            throw new Api.Unreachable("Kafka at " + servers + ": " + e.getMessage(), e);
        }
        return 0;
    }

    private void print(ConsumerRecord<byte[], byte[]> record) {
        String key = record.key() == null ? "-" : new String(record.key(), StandardCharsets.UTF_8);
        if (output().json()) {
            ObjectNode line = Api.JSON.createObjectNode().put("topic", record.topic())
                    .put("partition", record.partition()).put("offset", record.offset()).put("key", key);
            ObjectNode headers = line.putObject("headers");
            for (Header header : record.headers()) {
                headers.put(header.key(), header.value() == null ? null
                        : new String(header.value(), StandardCharsets.UTF_8));
            }
            line.set("data", data(record.value()));
            root().out.println(line);
            return;
        }
        String time = header(record, "ce_time");
        String type = header(record, "ce_type");
        String sequence = header(record, "ce_sequence");
        root().out.println(String.join("  ", time == null ? Instant.ofEpochMilli(record.timestamp()).toString() : time,
                record.topic(), key, type == null ? "-" : type, sequence == null ? "" : "sequence " + sequence)
                .stripTrailing());
    }

    private static JsonNode data(byte[] value) {
        if (value == null) {
            return null;
        }
        try {
            return Api.JSON.readTree(value);
        } catch (IOException e) {
            return Api.JSON.getNodeFactory().textNode(new String(value, StandardCharsets.UTF_8));
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
