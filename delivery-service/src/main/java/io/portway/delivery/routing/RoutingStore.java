package io.portway.delivery.routing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.portway.events.ArtifactStatus;
import io.portway.events.SendPortConfiguration;
import io.portway.events.SendPortGroupConfiguration;
import io.portway.messaging.PortwayJackson;
import io.portway.support.PortwayTopics;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Repository;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.portway.messaging.PortwayJackson.toJson;
import static io.portway.messaging.PortwayJackson.toJsonBytes;

/**
 * The stored routing table ({@code delivery.send_port}, {@code delivery.send_port_group}), its version and the
 * position reached in {@code portway.send-port-events}: the statements of {@link RoutingTableProjection}. Callers own
 * the transactions.
 */
@Repository
class RoutingStore {

    private final JdbcTemplate jdbc;
    private final ObjectMapper json = PortwayJackson.newObjectMapper();
    private final String topic;

    RoutingStore(JdbcTemplate jdbc, PortwayTopics topics) {
        this.jdbc = jdbc;
        this.topic = topics.sendPortEvents();
    }

    /** These ports as stored (one statement); a name not stored is absent from the answer. */
    List<PortDefinition> ports(Collection<String> names) {
        return names.isEmpty() ? List.of() : loadPorts("where name = any(?)", names.toArray(String[]::new));
    }

    /** As {@link #ports(Collection)}, for groups. */
    List<GroupDefinition> groups(Collection<String> names) {
        return names.isEmpty() ? List.of() : loadGroups("where name = any(?)", names.toArray(String[]::new));
    }

    List<PortDefinition> ports() {
        return loadPorts("", null);
    }

    List<GroupDefinition> groups() {
        return loadGroups("", null);
    }

    /** Stores the ports as they are now (an empty Optional deletes one): one round trip per kind of change. */
    void putPorts(Map<String, Optional<PortDefinition>> ports) {
        batch("delete from delivery.send_port where name = ?", ports.entrySet().stream()
                .filter(port -> port.getValue().isEmpty()).map(port -> new Object[]{port.getKey()}).toList());
        batch("insert into delivery.send_port "
                        + "(name, artifact_id, dynamic, two_way, status, configuration) "
                        + "values (?, ?, ?, ?, ?, ?) on conflict (name) do update set "
                        + "artifact_id = excluded.artifact_id, dynamic = excluded.dynamic, "
                        + "two_way = excluded.two_way, status = excluded.status, "
                        + "configuration = excluded.configuration",
                ports.values().stream().flatMap(Optional::stream).map(port -> new Object[]{port.name(),
                        port.artifactId(), port.dynamic(), port.twoWay(), port.status().name(),
                        toJsonBytes(port.configuration())}).toList());
    }

    /** As {@link #putPorts}, for groups. */
    void putGroups(Map<String, Optional<GroupDefinition>> groups) {
        batch("delete from delivery.send_port_group where name = ?", groups.entrySet().stream()
                .filter(group -> group.getValue().isEmpty()).map(group -> new Object[]{group.getKey()}).toList());
        batch("insert into delivery.send_port_group "
                        + "(name, artifact_id, status, configuration, members) values (?, ?, ?, ?, ?::jsonb) "
                        + "on conflict (name) do update set artifact_id = excluded.artifact_id, "
                        + "status = excluded.status, configuration = excluded.configuration, "
                        + "members = excluded.members",
                groups.values().stream().flatMap(Optional::stream).map(group -> new Object[]{group.name(),
                        group.artifactId(), group.status().name(), toJsonBytes(group.configuration()),
                        toJson(group.members())}).toList());
    }

    /** One JDBC batch (one round trip, pipelined by the driver); none at all when there are no rows. */
    private void batch(String sql, List<Object[]> rows) {
        if (!rows.isEmpty()) {
            jdbc.batchUpdate(sql, rows);
        }
    }

    /**
     * Counts {@code changes} more applied events and records the next offset of each partition, in one statement;
     * answers the version reached (null when there were no changes: the version row is then not touched).
     */
    Long advance(int changes, Map<Integer, Long> next) {
        List<Long> version = jdbc.queryForList("with positions as (insert into delivery.routing_position"
                        + " (topic, partition, next_offset) select ?, unnest(?::int[]), unnest(?::bigint[])"
                        + " on conflict (topic, partition) do update set next_offset = excluded.next_offset)"
                        + " update delivery.routing_version set version = version + ? where id = 1 and ? > 0"
                        + " returning version", Long.class, topic, next.keySet().toArray(Integer[]::new),
                next.values().toArray(Long[]::new), changes, changes);
        return version.isEmpty() ? null : version.get(0);
    }

    Long version() {
        return jdbc.queryForObject("select version from delivery.routing_version where id = 1", Long.class);
    }

    /** The next offset of each partition the stored table reflects. */
    Map<Integer, Long> positions() {
        Map<Integer, Long> positions = new HashMap<>();
        jdbc.query("select partition, next_offset from delivery.routing_position where topic = ?",
                (RowCallbackHandler) rs -> positions.put(rs.getInt(1), rs.getLong(2)), topic);
        return positions;
    }

    private List<PortDefinition> loadPorts(String where, Object name) {
        Object[] args = name == null ? new Object[0] : new Object[]{name};
        return jdbc.query("select name, artifact_id, dynamic, two_way, status, configuration from delivery.send_port "
                + where, (rs, n) -> new PortDefinition(rs.getString(1), rs.getString(2), rs.getBoolean(3),
                rs.getBoolean(4), ArtifactStatus.valueOf(rs.getString(5)),
                fromJson(rs.getBytes(6), SendPortConfiguration.class)), args);
    }

    private List<GroupDefinition> loadGroups(String where, Object name) {
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

    private <T> T fromJson(byte[] value, Class<T> type) {
        try {
            return json.readValue(value, type);
        } catch (IOException e) {
            throw new IllegalStateException("unreadable " + type.getSimpleName(), e);
        }
    }
}
