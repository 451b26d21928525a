package io.portway.delivery.routing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.portway.messaging.PortwayJackson;
import io.portway.events.ArtifactKind;
import io.portway.events.ArtifactStatus;
import io.portway.events.EventEnvelope;
import io.portway.events.SendPortConfiguration;
import io.portway.events.SendPortGroupConfiguration;
import io.portway.events.SendPortGroupStarted;
import io.portway.events.SendPortStarted;
import io.portway.messaging.CloudEventHeaders;
import io.portway.messaging.SendPortEventCodec;
import io.portway.support.ConsumerHalts;
import io.portway.support.EventSequenceGuard;
import io.portway.support.PortwayTopics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
 * the topic ({@code delivery.routing_position}); the Kafka offset is committed afterwards. After the commit the in-memory {@link RoutingTable} is refreshed and told how far
 * it reaches, which wakes the publishes waiting at the {@link RoutingBarrier}.
 *
 * <p>A gap stops the consumer at that offset (it retries; {@link EventSequenceGuard} reports DOWN) until the
 * missing event arrives, and so does the database being away. Any other event that cannot be applied (unreadable,
 * refused by the database) is tried {@value #ATTEMPTS} times; then its partition stands still before it, paused and
 * uncommitted (a restart tries again), and readiness is DOWN naming it ({@link ConsumerHalts}): never
 * skipped, never retried forever while UP. The other partitions go on.
 */
@Component
public class RoutingTableProjection implements ConsumerSeekAware {

    static final String LISTENER_ID = "delivery-routing-table";
    static final int ATTEMPTS = 3;
    private static final Logger log = LoggerFactory.getLogger(RoutingTableProjection.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final TransactionTemplate snapshots;
    private final EventSequenceGuard guard;
    private final SendPortEventCodec codec;
    private final ObjectMapper json;
    private final RoutingTable table;
    private final ApplicationEventPublisher started;
    private final String topic;
    private final ConsumerHalts halts;
    private final ObjectProvider<KafkaListenerEndpointRegistry> listeners;
    /** Serializes refreshes of the in-memory table with reloads, so a reload never undoes a newer refresh. */
    private final Object tableLock = new Object();
    private final Set<Integer> assigned = ConcurrentHashMap.newKeySet();
    private final Map<Integer, long[]> failing = new ConcurrentHashMap<>();
    /** Per halted partition, the subject reported to {@link ConsumerHalts}. */
    private final Map<Integer, String> halted = new ConcurrentHashMap<>();

    RoutingTableProjection(JdbcTemplate jdbc, TransactionTemplate transactions, EventSequenceGuard guard,
                           SendPortEventCodec codec, RoutingTable table, ApplicationEventPublisher started,
                           PortwayTopics topics,
                           ConsumerHalts halts, ObjectProvider<KafkaListenerEndpointRegistry> listeners) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.snapshots = new TransactionTemplate(transactions.getTransactionManager());
        this.snapshots.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        this.snapshots.setReadOnly(true);
        this.guard = guard;
        this.codec = codec;
        this.json = PortwayJackson.newObjectMapper();
        this.table = table;
        this.started = started;
        this.topic = topics.sendPortEvents();
        this.halts = halts;
        this.listeners = listeners;
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
                records.forEach(this::succeeded);
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
            if (!(e instanceof GapException) && !transientFailure(e) && failedAgain(record) >= ATTEMPTS) {
                halt(record, e);
            }
            throw e;
        }
        succeeded(record);
    }

    private void succeeded(ConsumerRecord<String, byte[]> record) {
        if (failing.remove(record.partition()) != null) {
            String subject = halted.remove(record.partition());
            if (subject != null) {
                halts.resume(LISTENER_ID, subject);
            }
        }
    }

    /** The database away is retried until it is back (its own health is DOWN meanwhile). */
    private static boolean transientFailure(RuntimeException e) {
        return e instanceof TransientDataAccessException || e instanceof DataAccessResourceFailureException
                || e instanceof CannotCreateTransactionException;
    }

    private int failedAgain(ConsumerRecord<String, byte[]> record) {
        long[] failure = failing.compute(record.partition(), (partition, previous) ->
                previous != null && previous[0] == record.offset()
                        ? new long[]{record.offset(), previous[1] + 1} : new long[]{record.offset(), 1});
        return (int) failure[1];
    }

    /**
     * Readiness DOWN naming the event ({@link ConsumerHalts}: ERROR log, metric {@code portway.consumer.failures}),
     * and its partition paused before it, uncommitted.
     */
    private void halt(ConsumerRecord<String, byte[]> record, RuntimeException e) {
        String artifactId = header(record, CloudEventHeaders.ARTIFACT_ID);
        String subject = artifactId != null ? artifactId : record.topic() + "-" + record.partition() + "@"
                + record.offset();
        Map<String, Object> details = new HashMap<>();
        details.put("artifactId", String.valueOf(artifactId));
        details.put("name", String.valueOf(record.key()));
        details.put("sequence", String.valueOf(header(record, CloudEventHeaders.SEQUENCE)));
        details.put("type", String.valueOf(header(record, CloudEventHeaders.TYPE)));
        details.put("topic", record.topic());
        details.put("partition", record.partition());
        details.put("offset", record.offset());
        details.put("attempts", ATTEMPTS);
        details.put("effect", "partition " + record.partition() + " stands still before this event until it can be "
                + "applied (a restart tries again); publishes answer 503 ROUTING_NOT_CAUGHT_UP meanwhile");
        halted.put(record.partition(), subject);
        halts.halt(LISTENER_ID, subject, e.getClass().getSimpleName() + ": " + rootMessage(e), details);
        log.error("routing table halted at {}-{}@{}", record.topic(), record.partition(), record.offset(), e);
        MessageListenerContainer container = listeners.getObject().getListenerContainer(LISTENER_ID);
        if (container != null) {
            container.pausePartition(new TopicPartition(record.topic(), record.partition()));
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage());
    }

    private static String header(ConsumerRecord<String, byte[]> record, String key) {
        Header header = record.headers().lastHeader(key);
        return header == null || header.value() == null ? null
                : new String(header.value(), StandardCharsets.UTF_8);
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
     * What one transaction did: the artifacts as it left them (an empty Optional = deleted), the artifacts it only
     * saw again (duplicates), the routing version it reached after {@code applied} changes, and the next offset of
     * each partition.
     */
    private record Applied(Map<String, Optional<PortDefinition>> ports, Map<String, Optional<GroupDefinition>> groups,
                           Set<String> seenPorts, Set<String> seenGroups, long version, int applied,
                           Map<Integer, Long> positions) {
    }

    /**
     * Applies events in one transaction, in order, and records how far the table reflects each partition; then
     * refreshes the in-memory table. Each artifact is read from the database once per transaction.
     */
    void apply(List<ConsumerRecord<String, byte[]>> records, List<EventEnvelope> envelopes) {
        Applied applied = transactions.execute(status -> {
            Map<String, Optional<PortDefinition>> ports = new HashMap<>();
            Map<String, Optional<GroupDefinition>> groups = new HashMap<>();
            Set<String> seenPorts = new HashSet<>();
            Set<String> seenGroups = new HashSet<>();
            Map<Integer, Long> positions = new TreeMap<>();
            int changes = 0;
            for (int i = 0; i < envelopes.size(); i++) {
                EventEnvelope envelope = envelopes.get(i);
                EventSequenceGuard.Decision decision = guard.check(envelope.artifactId(), envelope.sequence());
                if (decision == EventSequenceGuard.Decision.GAP) {
                    throw new GapException(envelope);
                }
                if (decision == EventSequenceGuard.Decision.APPLY) {
                    change(envelope, ports, groups);
                    guard.applied(envelope.artifactId(), envelope.sequence());
                    changes++;
                } else {
                    // refreshed too: another instance may have applied it while it owned the partition
                    (envelope.kind() == ArtifactKind.SendPort ? seenPorts : seenGroups).add(envelope.name());
                }
                positions.put(records.get(i).partition(), records.get(i).offset() + 1);
            }
            Long version = changes == 0 ? null : jdbc.queryForObject("update delivery.routing_version"
                    + " set version = version + ? where id = 1 returning version", Long.class, changes);
            positions.forEach((partition, next) -> jdbc.update("insert into delivery.routing_position"
                    + " (topic, partition, next_offset) values (?, ?, ?) on conflict (topic, partition)"
                    + " do update set next_offset = excluded.next_offset", topic, partition, next));
            return new Applied(ports, groups, seenPorts, seenGroups, version == null ? 0 : version, changes,
                    positions);
        });
        synchronized (tableLock) {
            applied.ports().forEach((name, port) -> table.putPort(name, port.orElse(null)));
            applied.groups().forEach((name, group) -> table.putGroup(name, group.orElse(null)));
            applied.seenPorts().stream().filter(name -> !applied.ports().containsKey(name)).forEach(name ->
                    table.putPort(name, loadPorts("where name = ?", name).stream().findFirst().orElse(null)));
            applied.seenGroups().stream().filter(name -> !applied.groups().containsKey(name)).forEach(name ->
                    table.putGroup(name, loadGroups("where name = ?", name).stream().findFirst().orElse(null)));
            if (applied.applied() > 0 && applied.version() - applied.applied() == table.version()) {
                table.version(applied.version());
            }
            applied.positions().forEach(table::advance);
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
                PortDefinition before = ports.computeIfAbsent(name, n ->
                        loadPorts("where name = ?", n).stream().findFirst()).orElse(null);
                PortDefinition port = RoutingEvents.port(before, envelope);
                ports.put(name, Optional.ofNullable(port));
                if (port == null) {
                    jdbc.update("delete from delivery.send_port where name = ?", name);
                } else {
                    jdbc.update("insert into delivery.send_port "
                                    + "(name, artifact_id, dynamic, two_way, status, configuration) "
                                    + "values (?, ?, ?, ?, ?, ?) on conflict (name) do update set "
                                    + "artifact_id = excluded.artifact_id, dynamic = excluded.dynamic, "
                                    + "two_way = excluded.two_way, status = excluded.status, "
                                    + "configuration = excluded.configuration",
                            name, port.artifactId(), port.dynamic(), port.twoWay(), port.status().name(),
                            toJsonBytes(port.configuration()));
                }
            }
            case SendPortGroup -> {
                GroupDefinition before = groups.computeIfAbsent(name, n ->
                        loadGroups("where name = ?", n).stream().findFirst()).orElse(null);
                GroupDefinition group = RoutingEvents.group(before, envelope);
                groups.put(name, Optional.ofNullable(group));
                if (group == null) {
                    jdbc.update("delete from delivery.send_port_group where name = ?", name);
                } else {
                    jdbc.update("insert into delivery.send_port_group "
                                    + "(name, artifact_id, status, configuration, members) values (?, ?, ?, ?, ?::jsonb) "
                                    + "on conflict (name) do update set artifact_id = excluded.artifact_id, "
                                    + "status = excluded.status, configuration = excluded.configuration, "
                                    + "members = excluded.members",
                            name, group.artifactId(), group.status().name(), toJsonBytes(group.configuration()),
                            toJson(group.members()));
                }
            }
        }
        if (envelope.event() instanceof SendPortStarted) {
            started.publishEvent(new ArtifactStarted(ArtifactKind.SendPort, name, envelope.principal()));
        } else if (envelope.event() instanceof SendPortGroupStarted) {
            started.publishEvent(new ArtifactStarted(ArtifactKind.SendPortGroup, name, envelope.principal()));
        }
    }

    /** Reloads the whole index when another instance of the service changed the table. */
    @Scheduled(fixedDelayString = "${portway.delivery.routing-refresh:PT1S}")
    void reloadIfChanged() {
        Long version = jdbc.queryForObject("select version from delivery.routing_version where id = 1", Long.class);
        if (version != null && version != table.version()) {
            reload();
        }
    }

    /**
     * For {@link RoutingBarrier}: reloads at once when other instances of the service (which consume the partitions
     * this one does not) have brought the stored table further than this copy reaches.
     */
    void catchUpWithOtherInstances(Map<Integer, Long> endOffsets) {
        Map<Integer, Long> stored = storedPositions();
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
                Long version = jdbc.queryForObject("select version from delivery.routing_version where id = 1",
                        Long.class);
                table.replaceAll(loadPorts("", null), loadGroups("", null), version == null ? 0 : version,
                        storedPositions());
            });
        }
    }

    private Map<Integer, Long> storedPositions() {
        Map<Integer, Long> positions = new HashMap<>();
        jdbc.query("select partition, next_offset from delivery.routing_position where topic = ?",
                (RowCallbackHandler) rs -> positions.put(rs.getInt(1), rs.getLong(2)), topic);
        return positions;
    }

    private List<PortDefinition> loadPorts(String where, String name) {
        Object[] args = name == null ? new Object[0] : new Object[]{name};
        return jdbc.query("select name, artifact_id, dynamic, two_way, status, configuration from delivery.send_port "
                + where, (rs, n) -> new PortDefinition(rs.getString(1), rs.getString(2), rs.getBoolean(3),
                rs.getBoolean(4), ArtifactStatus.valueOf(rs.getString(5)),
                fromJson(rs.getBytes(6), SendPortConfiguration.class)), args);
    }

    private List<GroupDefinition> loadGroups(String where, String name) {
        Object[] args = name == null ? new Object[0] : new Object[]{name};
        return jdbc.query("select name, artifact_id, status, configuration, members from delivery.send_port_group "
                + where, (rs, n) -> new GroupDefinition(rs.getString(1), rs.getString(2),
                ArtifactStatus.valueOf(rs.getString(3)), fromJson(rs.getBytes(4), SendPortGroupConfiguration.class),
                members(rs.getString(5))), args);
    }

    private List<String> members(String members) {
        try {
            return json.readValue(members, new TypeReference<ArrayList<String>>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable group members " + members, e);
        }
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A configuration as stored: its JSON as bytes, which (unlike jsonb or text) can hold any string. */
    private byte[] toJsonBytes(Object value) {
        try {
            return json.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private <T> T fromJson(byte[] value, Class<T> type) {
        try {
            return json.readValue(value, type);
        } catch (IOException e) {
            throw new IllegalStateException("unreadable " + type.getSimpleName(), e);
        }
    }
}
