package io.portway.support;

import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.kafka.core.KafkaAdmin;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Part of readiness: the Kafka cluster answers, and, for a service that consumes, how far its consumer group lags
 * behind the end of the partitions it has committed offsets for ({@code lag}, in records).
 */
final class KafkaHealth implements HealthIndicator, DisposableBean {

    private final KafkaAdmin admin;
    private final String consumerGroup;
    private final Duration timeout;
    private volatile AdminClient client;

    KafkaHealth(KafkaAdmin admin, String consumerGroup, Duration timeout) {
        this.admin = admin;
        this.consumerGroup = consumerGroup;
        this.timeout = timeout;
    }

    @Override
    public Health health() {
        try {
            AdminClient kafka = client();
            int brokers = kafka.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS).size();
            Health.Builder health = Health.up().withDetail("brokers", brokers);
            if (consumerGroup != null && !consumerGroup.isBlank()) {
                health.withDetail("consumerGroup", consumerGroup).withDetail("lag", lag(kafka));
            }
            return health.build();
        } catch (Exception e) {
            return Health.down(e).build();
        }
    }

    private long lag(AdminClient kafka) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = kafka.listConsumerGroupOffsets(consumerGroup)
                .partitionsToOffsetAndMetadata().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (committed.isEmpty()) {
            return 0;
        }
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = kafka
                .listOffsets(committed.keySet().stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest())))
                .all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return committed.entrySet().stream()
                .filter(entry -> entry.getValue() != null && ends.containsKey(entry.getKey()))
                .mapToLong(entry -> Math.max(0, ends.get(entry.getKey()).offset() - entry.getValue().offset()))
                .sum();
    }

    private AdminClient client() {
        AdminClient current = client;
        if (current == null) {
            synchronized (this) {
                if (client == null) {
                    client = AdminClient.create(admin.getConfigurationProperties());
                }
                current = client;
            }
        }
        return current;
    }

    @Override
    public void destroy() {
        if (client != null) {
            client.close(Duration.ofSeconds(2));
        }
    }
}
