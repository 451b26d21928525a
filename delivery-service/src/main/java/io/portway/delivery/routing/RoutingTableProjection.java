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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The routing table as a projection of {@code portway.send-port-events}: each event is applied once and in order
 * per artifact ({@link EventSequenceGuard}), in the same transaction as the table change, the release of the
 * instances a start unblocks ({@link HeldAtStart}, which the instance side implements) and the position reached in
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
    private final HeldAtStart heldAtStart;
    private final RoutingFailures failures;
    /** Serializes refreshes of the in-memory table with reloads, so a reload never undoes a newer refresh. */
    private final Object tableLock = new Object();
    private final Set<Integer> assigned = ConcurrentHashMap.newKeySet();

    RoutingTableProjection(RoutingStore store, TransactionTemplate transactions, EventSequenceGuard guard,
                           SendPortEventCodec codec, RoutingTable table, HeldAtStart heldAtStart,
                           RoutingFailures failures) {
        this.store = store;
        this.transactions = transactions;
        this.snapshots = new TransactionTemplate(transactions.getTransactionManager());
        this.snapshots.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        this.snapshots.setReadOnly(true);
        this.guard = guard;
        this.codec = codec;
        this.table = table;
        this.heldAtStart = heldAtStart;
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
     * refreshes the in-memory table. A batch costs a handful of round trips however many events it holds: the
     * sequence guard reads, locks and records its artifacts in one statement each, the artifacts are read in one
     * statement per kind and written in one JDBC batch per kind. Only a start that finds instances held (asked
     * once per batch, {@link HeldAtStart#holding}) writes the changes before it and releases them at once, so that
     * the release sees the table as of the start.
     */
    void apply(List<ConsumerRecord<String, byte[]>> records, List<EventEnvelope> envelopes) {
        AppliedEvents applied = transactions.execute(status -> {
            EventSequenceGuard.Batch sequences = guard.batch(
                    envelopes.stream().map(EventEnvelope::artifactId).toList());
            Artifacts artifacts = new Artifacts(envelopes);
            Set<ArtifactStarted> holding = holding(envelopes);
            Map<Integer, Long> positions = new TreeMap<>();
            int changes = 0;
            for (int i = 0; i < envelopes.size(); i++) {
                EventEnvelope envelope = envelopes.get(i);
                EventSequenceGuard.Decision decision = sequences.check(envelope.artifactId(), envelope.sequence());
                if (decision == EventSequenceGuard.Decision.GAP) {
                    throw new GapException(envelope);
                }
                if (decision == EventSequenceGuard.Decision.APPLY) {
                    artifacts.change(envelope);
                    started(envelope).filter(holding::contains).ifPresent(start -> {
                        artifacts.write();
                        heldAtStart.release(start);
                    });
                    sequences.applied(envelope.artifactId(), envelope.sequence());
                    changes++;
                }
                positions.put(records.get(i).partition(), records.get(i).offset() + 1);
            }
            artifacts.write();
            sequences.record();
            Long version = store.advance(changes, positions);
            return new AppliedEvents(artifacts.ports, artifacts.groups, version == null ? 0 : version, changes,
                    positions);
        });
        synchronized (tableLock) {
            applied.refresh(table);
        }
    }

    /** The starts among these events that find instances held; none asked (no lock taken) when nothing starts. */
    private Set<ArtifactStarted> holding(List<EventEnvelope> envelopes) {
        List<ArtifactStarted> starts = envelopes.stream().map(RoutingTableProjection::started)
                .flatMap(Optional::stream).toList();
        return starts.isEmpty() ? Set.of() : heldAtStart.holding(starts);
    }

    private static Optional<ArtifactStarted> started(EventEnvelope envelope) {
        return Lifecycle.statusAfter(envelope.event()).filter(ArtifactStatus.Started::equals)
                .map(started -> new ArtifactStarted(envelope.kind(), envelope.name(), envelope.principal()));
    }

    /**
     * The batch's artifacts as stored (read in one statement per kind; an empty Optional = none), changed by its
     * events as {@link RoutingEvents} makes them, and the changes not yet written.
     */
    private final class Artifacts {
        final Map<String, Optional<PortDefinition>> ports = new HashMap<>();
        final Map<String, Optional<GroupDefinition>> groups = new HashMap<>();
        private final Map<String, Optional<PortDefinition>> unwrittenPorts = new LinkedHashMap<>();
        private final Map<String, Optional<GroupDefinition>> unwrittenGroups = new LinkedHashMap<>();

        Artifacts(List<EventEnvelope> envelopes) {
            Set<String> portNames = new HashSet<>();
            Set<String> groupNames = new HashSet<>();
            envelopes.forEach(envelope -> (envelope.kind() == ArtifactKind.SendPort ? portNames : groupNames)
                    .add(envelope.name()));
            portNames.forEach(name -> ports.put(name, Optional.empty()));
            groupNames.forEach(name -> groups.put(name, Optional.empty()));
            store.ports(portNames).forEach(port -> ports.put(port.name(), Optional.of(port)));
            store.groups(groupNames).forEach(group -> groups.put(group.name(), Optional.of(group)));
        }

        void change(EventEnvelope envelope) {
            String name = envelope.name();
            switch (envelope.kind()) {
                case SendPort -> {
                    Optional<PortDefinition> port = Optional.ofNullable(
                            RoutingEvents.port(ports.get(name).orElse(null), envelope));
                    ports.put(name, port);
                    unwrittenPorts.put(name, port);
                }
                case SendPortGroup -> {
                    Optional<GroupDefinition> group = Optional.ofNullable(
                            RoutingEvents.group(groups.get(name).orElse(null), envelope));
                    groups.put(name, group);
                    unwrittenGroups.put(name, group);
                }
            }
        }

        void write() {
            store.putPorts(unwrittenPorts);
            store.putGroups(unwrittenGroups);
            unwrittenPorts.clear();
            unwrittenGroups.clear();
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
