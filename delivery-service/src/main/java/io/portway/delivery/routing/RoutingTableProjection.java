package io.portway.delivery.routing;

import io.portway.events.ArtifactKind;
import io.portway.events.ArtifactStatus;
import io.portway.events.EventEnvelope;
import io.portway.events.Lifecycle;
import io.portway.messaging.SendPortEventCodec;
import io.portway.support.EventSequenceGuard;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The routing table as a projection of {@code portway.send-port-events}: each event is applied once and in order
 * per artifact ({@link EventSequenceGuard}), in the same transaction as the table change, the release of the
 * instances a start unblocks (an {@link ArtifactStarted} the instance side handles) and the position reached in
 * the topic ({@code delivery.routing_position}), all stored by {@link RoutingStore}; the Kafka offset is committed
 * afterwards. After the commit the in-memory {@link RoutingTable} is refreshed and told how far it reaches, which
 * wakes the publishes waiting at the {@link RoutingBarrier}.
 *
 * <p>A gap stops the consumer at that offset (it retries; {@link EventSequenceGuard} reports DOWN) until the
 * missing event arrives, and so does the database being away. Any other event that cannot be applied (unreadable,
 * refused by the database) is tried {@value #ATTEMPTS} times; then its partition stands still before it, paused and
 * uncommitted (a restart tries again), and readiness is DOWN naming it ({@link RoutingFailures}): never
 * skipped, never retried forever while UP. The other partitions go on.
 */
@Component
public class RoutingTableProjection implements ConsumerSeekAware {

    static final String LISTENER_ID = "delivery-routing-table";
    static final int ATTEMPTS = 3;
    private static final Logger log = LoggerFactory.getLogger(RoutingTableProjection.class);

    private final RoutingStore store;
    private final TransactionTemplate transactions;
    private final TransactionTemplate snapshots;
    private final EventSequenceGuard guard;
    private final SendPortEventCodec codec;
    private final RoutingTable table;
    private final ApplicationEventPublisher started;
    private final RoutingFailures failures;
    /** Serializes refreshes of the in-memory table with reloads, so a reload never undoes a newer refresh. */
    private final Object tableLock = new Object();
    private final Set<Integer> assigned = ConcurrentHashMap.newKeySet();

    RoutingTableProjection(RoutingStore store, TransactionTemplate transactions, EventSequenceGuard guard,
                           SendPortEventCodec codec, RoutingTable table, ApplicationEventPublisher started,
                           RoutingFailures failures) {
        this.store = store;
        this.transactions = transactions;
        this.snapshots = new TransactionTemplate(transactions.getTransactionManager());
        this.snapshots.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        this.snapshots.setReadOnly(true);
        this.guard = guard;
        this.codec = codec;
        this.table = table;
        this.started = started;
        this.failures = failures;
        reload();
    }

    /** Thrown for an event that comes after a missing one: the container retries from this offset. */
    static final class GapException extends RuntimeException {
        GapException(EventEnvelope envelope) {
            super("gap before event " + envelope.sequence() + " of artifact " + envelope.artifactId() + " ("
                    + envelope.name() + ")");
        }
    }

    /**
     * Applies a poll's records in one transaction. When one of them cannot be applied (a gap, an unreadable or
     * refused event, the database away) nothing of the batch is kept and the records are applied one at a time, so
     * that those before it are applied and committed and the container retries from it.
     */
    @KafkaListener(id = LISTENER_ID, topics = "${portway.topics.send-port-events:portway.send-port-events}",
            containerFactory = "routingListenerFactory", batch = "true")
    void on(List<ConsumerRecord<String, byte[]>> records) {
        if (records.size() > 1) {
            try {
                apply(records, records.stream().map(codec::fromRecord).toList());
                records.forEach(failures::succeeded);
                return;
            } catch (RuntimeException e) {
                log.debug("applying {} routing events one at a time: {}", records.size(), e.toString());
            }
        }
        for (int i = 0; i < records.size(); i++) {
            try {
                on(records.get(i));
            } catch (RuntimeException e) {
                throw new BatchListenerFailedException("routing event " + i + " of " + records.size(), e, i);
            }
        }
    }

    void on(ConsumerRecord<String, byte[]> record) {
        try {
            apply(List.of(record), List.of(codec.fromRecord(record)));
        } catch (RuntimeException e) {
            failures.failed(record, e);
            throw e;
        }
        failures.succeeded(record);
    }

    @Override
    public void onPartitionsAssigned(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
        assignments.keySet().forEach(partition -> assigned.add(partition.partition()));
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        partitions.forEach(partition -> assigned.remove(partition.partition()));
    }

    /**
     * Applies events in one transaction, in order, and records how far the table reflects each partition; then
     * refreshes the in-memory table. Each artifact is read from the database once per transaction, and the sequence
     * guard reads, locks and records all the batch's artifacts in one statement each.
     */
    void apply(List<ConsumerRecord<String, byte[]>> records, List<EventEnvelope> envelopes) {
        AppliedEvents applied = transactions.execute(status -> {
            Map<String, Optional<PortDefinition>> ports = new HashMap<>();
            Map<String, Optional<GroupDefinition>> groups = new HashMap<>();
            Set<String> seenPorts = new HashSet<>();
            Set<String> seenGroups = new HashSet<>();
            Map<Integer, Long> positions = new TreeMap<>();
            int changes = 0;
            EventSequenceGuard.Batch sequences = guard.batch(
                    envelopes.stream().map(EventEnvelope::artifactId).toList());
            for (int i = 0; i < envelopes.size(); i++) {
                EventEnvelope envelope = envelopes.get(i);
                EventSequenceGuard.Decision decision = sequences.check(envelope.artifactId(), envelope.sequence());
                if (decision == EventSequenceGuard.Decision.GAP) {
                    throw new GapException(envelope);
                }
                if (decision == EventSequenceGuard.Decision.APPLY) {
                    change(envelope, ports, groups);
                    sequences.applied(envelope.artifactId(), envelope.sequence());
                    changes++;
                } else {
                    // refreshed too: another instance may have applied it while it owned the partition
                    (envelope.kind() == ArtifactKind.SendPort ? seenPorts : seenGroups).add(envelope.name());
                }
                positions.put(records.get(i).partition(), records.get(i).offset() + 1);
            }
            sequences.record();
            Long version = changes == 0 ? null : store.addToVersion(changes);
            positions.forEach(store::putPosition);
            return new AppliedEvents(ports, groups, seenPorts, seenGroups, version == null ? 0 : version, changes,
                    positions);
        });
        synchronized (tableLock) {
            applied.refresh(table, store);
        }
    }

    /**
     * Stores the artifact as {@link RoutingEvents} makes it from its definition before the event (read once per
     * transaction, then kept in {@code ports}/{@code groups}); a start releases what the artifact held, in order.
     */
    private void change(EventEnvelope envelope, Map<String, Optional<PortDefinition>> ports,
                        Map<String, Optional<GroupDefinition>> groups) {
        String name = envelope.name();
        switch (envelope.kind()) {
            case SendPort -> {
                PortDefinition port = RoutingEvents.port(ports.computeIfAbsent(name, store::port).orElse(null),
                        envelope);
                ports.put(name, Optional.ofNullable(port));
                store.putPort(name, port);
            }
            case SendPortGroup -> {
                GroupDefinition group = RoutingEvents.group(groups.computeIfAbsent(name, store::group)
                        .orElse(null), envelope);
                groups.put(name, Optional.ofNullable(group));
                store.putGroup(name, group);
            }
        }
        if (Lifecycle.statusAfter(envelope.event()).orElse(null) == ArtifactStatus.Started) {
            started.publishEvent(new ArtifactStarted(envelope.kind(), name, envelope.principal()));
        }
    }

    /** Reloads the whole index when another instance of the service changed the table. */
    @Scheduled(fixedDelayString = "${portway.delivery.routing-refresh:PT1S}")
    void reloadIfChanged() {
        Long version = store.version();
        if (version != null && version != table.version()) {
            reload();
        }
    }

    /**
     * For {@link RoutingBarrier}: reloads at once when other instances of the service (which consume the partitions
     * this one does not) have brought the stored table further than this copy reaches.
     */
    void catchUpWithOtherInstances(Map<Integer, Long> endOffsets) {
        Map<Integer, Long> stored = store.positions();
        for (Map.Entry<Integer, Long> end : endOffsets.entrySet()) {
            int partition = end.getKey();
            if (!assigned.contains(partition) && table.position(partition) < end.getValue()
                    && stored.getOrDefault(partition, 0L) > table.position(partition)) {
                reload();
                return;
            }
        }
    }

    /** Loads the whole table, its version and its positions from one consistent snapshot of the database. */
    void reload() {
        synchronized (tableLock) {
            snapshots.executeWithoutResult(status -> {
                Long version = store.version();
                table.replaceAll(store.ports(), store.groups(), version == null ? 0 : version, store.positions());
            });
        }
    }
}
