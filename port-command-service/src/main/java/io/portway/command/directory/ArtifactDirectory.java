package io.portway.command.directory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.portway.events.ArtifactKind;
import io.portway.events.ArtifactStatus;
import io.portway.messaging.PortwayJackson;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;

/**
 * The lookup table of live ports and groups (schema {@code command}) behind the rules that span aggregates: names
 * unique across ports and groups, memberships, member statuses. A creation {@link #claim claims} its name; every
 * other change is written by {@link DirectoryUpdates} from the events, in the transaction that appends them. Rules
 * that read other artifacts first lock the rows involved, groups before ports, so that concurrent commands decide
 * one after the other.
 */
@Component
public class ArtifactDirectory {

    private static final String COLUMNS =
            "artifact_id, name, kind, status, application, dynamic, two_way, version, configuration";
    private static final RowMapper<Entry> ENTRY = (rs, row) -> new Entry(rs.getString("artifact_id"),
            rs.getString("name"), ArtifactKind.valueOf(rs.getString("kind")),
            ArtifactStatus.valueOf(rs.getString("status")), rs.getString("application"), rs.getBoolean("dynamic"),
            rs.getBoolean("two_way"), rs.getLong("version"), rs.getString("configuration"));
    private static final RowMapper<Member> MEMBER = (rs, row) -> new Member(rs.getString("artifact_id"),
            rs.getString("name"), ArtifactStatus.valueOf(rs.getString("status")),
            !rs.getBoolean("dynamic") && !rs.getBoolean("two_way"));

    private final JdbcTemplate jdbc;
    private final ObjectMapper json = PortwayJackson.newObjectMapper();

    public ArtifactDirectory(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A live artifact; {@code configuration} is the JSON of its current configuration. */
    public record Entry(String artifactId, String name, ArtifactKind kind, ArtifactStatus status, String application,
                        boolean dynamic, boolean twoWay, long version, String configuration) {
    }

    /** A send port as a (prospective) group member; only static one-way ports are groupable. */
    public record Member(String artifactId, String name, ArtifactStatus status, boolean groupable) {
    }

    public Optional<Entry> find(String name, ArtifactKind kind) {
        return jdbc.query("SELECT " + COLUMNS + " FROM command.artifact WHERE name = ? AND kind = ?", ENTRY,
                name, kind.name()).stream().findFirst();
    }

    /** The live ports and groups of an application, by name. */
    public List<Entry> inApplication(String application) {
        return jdbc.query("SELECT " + COLUMNS + " FROM command.artifact WHERE application = ? ORDER BY name", ENTRY,
                application);
    }

    /** How many live artifacts each application has, per kind and status. */
    public record Count(String application, ArtifactKind kind, ArtifactStatus status, long count) {
    }

    public List<Count> countsByApplication() {
        return jdbc.query("SELECT application, kind, status, COUNT(*) AS n FROM command.artifact"
                + " GROUP BY application, kind, status ORDER BY application", (rs, row) -> new Count(
                rs.getString("application"), ArtifactKind.valueOf(rs.getString("kind")),
                ArtifactStatus.valueOf(rs.getString("status")), rs.getLong("n")));
    }

    /** Names of the groups the port belongs to, alphabetically. */
    public List<String> groupNamesOf(String portId) {
        return jdbc.queryForList("SELECT g.name FROM command.membership m JOIN command.artifact g"
                + " ON g.artifact_id = m.group_id WHERE m.port_id = ? ORDER BY g.name", String.class, portId);
    }

    /** The members of a group in membership order. */
    public List<Member> membersOf(String groupId) {
        return jdbc.query("SELECT p.artifact_id, p.name, p.status, p.dynamic, p.two_way FROM command.membership m"
                + " JOIN command.artifact p ON p.artifact_id = m.port_id WHERE m.group_id = ? ORDER BY m.position",
                MEMBER, groupId);
    }

    /** Takes the name for a new artifact; false when a live port or group already has it. */
    public boolean claim(String artifactId, String name, ArtifactKind kind, String application, boolean dynamic,
            boolean twoWay, Object configuration) {
        return jdbc.update("INSERT INTO command.artifact (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?)"
                        + " ON CONFLICT DO NOTHING", artifactId, name, kind.name(), ArtifactStatus.Bound.name(),
                application, dynamic, twoWay, toJson(configuration)) == 1;
    }

    void recordStatus(String artifactId, ArtifactStatus status, long version) {
        jdbc.update("UPDATE command.artifact SET status = ?, version = ? WHERE artifact_id = ?", status.name(),
                version, artifactId);
    }

    void recordVersion(String artifactId, long version) {
        jdbc.update("UPDATE command.artifact SET version = ? WHERE artifact_id = ?", version, artifactId);
    }

    void recordConfiguration(String artifactId, String application, Object configuration, long version) {
        jdbc.update("UPDATE command.artifact SET application = ?, configuration = ?, version = ?"
                + " WHERE artifact_id = ?", application, toJson(configuration), version, artifactId);
    }

    /** Frees the name of a deleted artifact; a group's memberships go with it. */
    void release(String artifactId) {
        jdbc.update("DELETE FROM command.membership WHERE group_id = ?", artifactId);
        jdbc.update("DELETE FROM command.artifact WHERE artifact_id = ?", artifactId);
    }

    /** Locks an artifact's row until the transaction ends. */
    public void lock(String artifactId) {
        jdbc.queryForList("SELECT artifact_id FROM command.artifact WHERE artifact_id = ? FOR UPDATE", String.class,
                artifactId);
    }

    /** After {@link #lock(String) locking} the group: does it have a member that is Stopped or Started? */
    public boolean hasEnlistedMember(String groupId) {
        Boolean any = jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM command.membership m JOIN command.artifact p"
                + " ON p.artifact_id = m.port_id WHERE m.group_id = ? AND p.status IN ('Stopped', 'Started'))",
                Boolean.class, groupId);
        return Boolean.TRUE.equals(any);
    }

    /**
     * Locks the port's groups and answers the enlisted ones (Stopped or Started) in which no other member is
     * enlisted: unenlisting the port would leave them without one.
     */
    public List<String> groupsWhereOnlyEnlistedMember(String portId) {
        jdbc.queryForList("SELECT g.artifact_id FROM command.artifact g WHERE g.artifact_id IN"
                + " (SELECT group_id FROM command.membership WHERE port_id = ?) ORDER BY g.artifact_id FOR UPDATE",
                String.class, portId);
        return jdbc.queryForList("SELECT g.name FROM command.membership m JOIN command.artifact g"
                + " ON g.artifact_id = m.group_id WHERE m.port_id = ? AND g.status IN ('Stopped', 'Started')"
                + " AND NOT EXISTS (SELECT 1 FROM command.membership o JOIN command.artifact p"
                + " ON p.artifact_id = o.port_id WHERE o.group_id = m.group_id AND o.port_id <> m.port_id"
                + " AND p.status IN ('Stopped', 'Started')) ORDER BY g.name", String.class, portId);
    }

    /**
     * Finds a send port by name and holds a share lock on it, so that its status cannot change and it cannot be
     * deleted until the transaction ends. Call after locking the group (groups before ports).
     */
    public Optional<Member> lockPortForMembership(String portName) {
        return jdbc.query("SELECT artifact_id, name, status, dynamic, two_way FROM command.artifact"
                + " WHERE name = ? AND kind = 'SendPort' FOR SHARE", MEMBER, portName).stream().findFirst();
    }

    void addMember(String groupId, String portName) {
        jdbc.update("INSERT INTO command.membership (group_id, port_id, position) SELECT ?, p.artifact_id,"
                + " (SELECT COALESCE(MAX(position), 0) + 1 FROM command.membership WHERE group_id = ?)"
                + " FROM command.artifact p WHERE p.name = ? AND p.kind = 'SendPort' ON CONFLICT DO NOTHING",
                groupId, groupId, portName);
    }

    void removeMember(String groupId, String portName) {
        jdbc.update("DELETE FROM command.membership WHERE group_id = ? AND port_id ="
                + " (SELECT artifact_id FROM command.artifact WHERE name = ? AND kind = 'SendPort')",
                groupId, portName);
    }

    public <T> T configuration(Entry entry, Class<T> type) {
        try {
            return json.readValue(entry.configuration(), type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable configuration of " + entry.name(), e);
        }
    }

    private String toJson(Object configuration) {
        try {
            return json.writeValueAsString(configuration);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialize configuration", e);
        }
    }
}
