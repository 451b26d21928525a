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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Part of readiness: the Kafka cluster answers, and, for a service that consumes, how far its consumer group lags
 * behind the end of the partitions it has committed offsets for or is assigned ({@code lag}, in records; a record
 * a consumer keeps retrying is never committed, so it counts).
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

    /**
     * Records between the group's committed offsets and the partitions' ends. A partition the group is assigned but
     * has committed nothing for yet (its first record may be the one stuck in retry) counts from its beginning,
     * as Portway's consumers start there ({@code auto-offset-reset: earliest}).
     */
    private long lag(AdminClient kafka) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = kafka.listConsumerGroupOffsets(consumerGroup)
                .partitionsToOffsetAndMetadata().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        Set<TopicPartition> assigned = kafka.describeConsumerGroups(List.of(consumerGroup)).all()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS).values().stream()
                .flatMap(group -> group.members().stream())
                .flatMap(member -> member.assignment().topicPartitions().stream())
                .collect(Collectors.toSet());
        Map<TopicPartition, Long> from = new HashMap<>();
        committed.forEach((partition, offset) -> {
            if (offset != null) {
                from.put(partition, offset.offset());
            }
        });
        Set<TopicPartition> uncommitted = new HashSet<>(assigned);
        uncommitted.removeAll(from.keySet());
        if (from.isEmpty() && uncommitted.isEmpty()) {
            return 0;
        }
        if (!uncommitted.isEmpty()) {
            offsets(kafka, uncommitted, OffsetSpec.earliest()).forEach(from::put);
        }
        Map<TopicPartition, Long> ends = offsets(kafka, from.keySet(), OffsetSpec.latest());
        return from.entrySet().stream()
                .filter(entry -> ends.containsKey(entry.getKey()))
                .mapToLong(entry -> Math.max(0, ends.get(entry.getKey()) - entry.getValue()))
                .sum();
    }

    private Map<TopicPartition, Long> offsets(AdminClient kafka, Set<TopicPartition> partitions, OffsetSpec spec)
            throws Exception {
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> found = kafka
                .listOffsets(partitions.stream().collect(Collectors.toMap(tp -> tp, tp -> spec)))
                .all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        Map<TopicPartition, Long> offsets = new HashMap<>();
        found.forEach((partition, info) -> offsets.put(partition, info.offset()));
        return offsets;
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
