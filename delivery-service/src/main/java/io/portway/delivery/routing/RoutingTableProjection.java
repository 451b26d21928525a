package io.portway.delivery.routing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.portway.messaging.PortwayJackson;
import io.portway.events.ArtifactKind;
import io.portway.events.ArtifactStatus;
import io.portway.events.EventEnvelope;
import io.portway.events.PortwayEvent;
import io.portway.events.SendPortAddedToGroup;
import io.portway.events.SendPortConfiguration;
import io.portway.events.SendPortConfigured;
import io.portway.events.SendPortCreated;
import io.portway.events.SendPortDeleted;
import io.portway.events.SendPortEnlisted;
import io.portway.events.SendPortGroupConfiguration;
import io.portway.events.SendPortGroupConfigured;
import io.portway.events.SendPortGroupCreated;
import io.portway.events.SendPortGroupDeleted;
import io.portway.events.SendPortGroupEnlisted;
import io.portway.events.SendPortGroupStarted;
import io.portway.events.SendPortGroupStopped;
import io.portway.events.SendPortGroupUnenlisted;
import io.portway.events.SendPortRemovedFromGroup;
import io.portway.events.SendPortStarted;
import io.portway.events.SendPortStopped;
import io.portway.events.SendPortUnenlisted;
import io.portway.messaging.SendPortEventCodec;
import io.portway.support.EventSequenceGuard;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.List;

/**
 * The routing table as a projection of {@code portway.send-port-events}: each event is applied once and in order
 * per artifact ({@link EventSequenceGuard}), in the same transaction as the table change and the release of the
 * instances a start unblocks (an {@link ArtifactStarted} the instance side handles); the Kafka offset is committed afterwards. A gap stops the consumer at that offset
 * (it retries) until the missing event arrives. After the commit the in-memory {@link RoutingTable} is refreshed.
 */
@Component
public class RoutingTableProjection {

    private static final Logger log = LoggerFactory.getLogger(RoutingTableProjection.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final EventSequenceGuard guard;
    private final SendPortEventCodec codec;
    private final ObjectMapper json;
    private final RoutingTable table;
    private final ApplicationEventPublisher started;

    RoutingTableProjection(JdbcTemplate jdbc, TransactionTemplate transactions, EventSequenceGuard guard,
                           SendPortEventCodec codec, RoutingTable table, ApplicationEventPublisher started) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.guard = guard;
        this.codec = codec;
        this.json = PortwayJackson.newObjectMapper();
        this.table = table;
        this.started = started;
        reload();
    }

    /** Thrown for an event that comes after a missing one: the container retries from this offset. */
    static final class GapException extends RuntimeException {
        GapException(EventEnvelope envelope) {
            super("gap before event " + envelope.sequence() + " of artifact " + envelope.artifactId() + " ("
                    + envelope.name() + ")");
        }
    }

    @KafkaListener(id = "delivery-routing-table", topics = "${portway.topics.send-port-events:portway.send-port-events}")
    void on(ConsumerRecord<String, byte[]> record) {
        EventEnvelope envelope;
        try {
            envelope = codec.fromRecord(record);
        } catch (RuntimeException e) {
            log.error("skipping unreadable record at {}-{}@{}: {}", record.topic(), record.partition(),
                    record.offset(), e.toString());
            return;
        }
        apply(envelope);
    }

    /** Applies one event; answers false for a duplicate. */
    public boolean apply(EventEnvelope envelope) {
        Long version = transactions.execute(status -> {
            EventSequenceGuard.Decision decision = guard.check(envelope.artifactId(), envelope.sequence());
            if (decision == EventSequenceGuard.Decision.DUPLICATE) {
                return null;
            }
            if (decision == EventSequenceGuard.Decision.GAP) {
                throw new GapException(envelope);
            }
            change(envelope);
            guard.applied(envelope.artifactId(), envelope.sequence());
            return jdbc.queryForObject("update delivery.routing_version set version = version + 1 where id = 1 "
                    + "returning version", Long.class);
        });
        if (version == null) {
            return false;
        }
        refresh(envelope, version);
        return true;
    }

    private void change(EventEnvelope envelope) {
        String name = envelope.name();
        PortwayEvent event = envelope.event();
        if (event instanceof SendPortCreated created) {
            jdbc.update("insert into delivery.send_port "
                            + "(name, artifact_id, dynamic, two_way, status, configuration) "
                            + "values (?, ?, ?, ?, ?, ?::jsonb) on conflict (name) do update set "
                            + "artifact_id = excluded.artifact_id, dynamic = excluded.dynamic, "
                            + "two_way = excluded.two_way, status = excluded.status, "
                            + "configuration = excluded.configuration",
                    name, envelope.artifactId(), created.dynamic(), created.twoWay(), ArtifactStatus.Bound.name(),
                    toJson(created.configuration()));
        } else if (event instanceof SendPortConfigured configured) {
            jdbc.update("update delivery.send_port set configuration = ?::jsonb where name = ?",
                    toJson(configured.configuration()), name);
        } else if (event instanceof SendPortEnlisted || event instanceof SendPortStopped) {
            portStatus(name, ArtifactStatus.Stopped);
        } else if (event instanceof SendPortUnenlisted) {
            portStatus(name, ArtifactStatus.Bound);
        } else if (event instanceof SendPortStarted) {
            portStatus(name, ArtifactStatus.Started);
            started.publishEvent(new ArtifactStarted(ArtifactKind.SendPort, name, envelope.principal()));
        } else if (event instanceof SendPortDeleted) {
            jdbc.update("delete from delivery.send_port where name = ?", name);
        } else if (event instanceof SendPortGroupCreated created) {
            jdbc.update("insert into delivery.send_port_group "
                            + "(name, artifact_id, status, configuration, members) values (?, ?, ?, ?::jsonb, ?::jsonb) "
                            + "on conflict (name) do update set artifact_id = excluded.artifact_id, "
                            + "status = excluded.status, configuration = excluded.configuration, "
                            + "members = excluded.members",
                    name, envelope.artifactId(), ArtifactStatus.Bound.name(), toJson(created.configuration()),
                    toJson(created.sendPorts()));
        } else if (event instanceof SendPortGroupConfigured configured) {
            jdbc.update("update delivery.send_port_group set configuration = ?::jsonb where name = ?",
                    toJson(configured.configuration()), name);
        } else if (event instanceof SendPortAddedToGroup added) {
            jdbc.update("update delivery.send_port_group set members = members || to_jsonb(?::text) "
                    + "where name = ? and not jsonb_exists(members, ?)", added.sendPort(), name, added.sendPort());
        } else if (event instanceof SendPortRemovedFromGroup removed) {
            jdbc.update("update delivery.send_port_group set members = members - ?::text where name = ?",
                    removed.sendPort(), name);
        } else if (event instanceof SendPortGroupEnlisted || event instanceof SendPortGroupStopped) {
            groupStatus(name, ArtifactStatus.Stopped);
        } else if (event instanceof SendPortGroupUnenlisted) {
            groupStatus(name, ArtifactStatus.Bound);
        } else if (event instanceof SendPortGroupStarted) {
            groupStatus(name, ArtifactStatus.Started);
            started.publishEvent(new ArtifactStarted(ArtifactKind.SendPortGroup, name, envelope.principal()));
        } else if (event instanceof SendPortGroupDeleted) {
            jdbc.update("delete from delivery.send_port_group where name = ?", name);
        }
    }

    private void portStatus(String name, ArtifactStatus status) {
        jdbc.update("update delivery.send_port set status = ? where name = ?", status.name(), name);
    }

    private void groupStatus(String name, ArtifactStatus status) {
        jdbc.update("update delivery.send_port_group set status = ? where name = ?", status.name(), name);
    }

    private void refresh(EventEnvelope envelope, long version) {
        switch (envelope.kind()) {
            case SendPort -> table.putPort(envelope.name(), loadPorts("where name = ?", envelope.name())
                    .stream().findFirst().orElse(null));
            case SendPortGroup -> table.putGroup(envelope.name(), loadGroups("where name = ?", envelope.name())
                    .stream().findFirst().orElse(null));
        }
        if (version == table.version() + 1) {
            table.version(version);
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

    void reload() {
        transactions.executeWithoutResult(status -> {
            Long version = jdbc.queryForObject("select version from delivery.routing_version where id = 1",
                    Long.class);
            table.replaceAll(loadPorts("", null), loadGroups("", null), version == null ? 0 : version);
        });
    }

    private List<PortDefinition> loadPorts(String where, String name) {
        Object[] args = name == null ? new Object[0] : new Object[]{name};
        return jdbc.query("select name, artifact_id, dynamic, two_way, status, configuration from delivery.send_port "
                + where, (rs, n) -> new PortDefinition(rs.getString(1), rs.getString(2), rs.getBoolean(3),
                rs.getBoolean(4), ArtifactStatus.valueOf(rs.getString(5)),
                fromJson(rs.getString(6), SendPortConfiguration.class)), args);
    }

    private List<GroupDefinition> loadGroups(String where, String name) {
        Object[] args = name == null ? new Object[0] : new Object[]{name};
        return jdbc.query("select name, artifact_id, status, configuration, members from delivery.send_port_group "
                + where, (rs, n) -> new GroupDefinition(rs.getString(1), rs.getString(2),
                ArtifactStatus.valueOf(rs.getString(3)), fromJson(rs.getString(4), SendPortGroupConfiguration.class),
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

    private <T> T fromJson(String value, Class<T> type) {
        try {
            return json.readValue(value, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable " + type.getSimpleName() + " " + value, e);
        }
    }
}
