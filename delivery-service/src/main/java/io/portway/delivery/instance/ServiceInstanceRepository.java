package io.portway.delivery.instance;

import io.portway.delivery.routing.Route;
import io.portway.events.ArtifactStatus;
import io.portway.events.delivery.ServiceInstanceResumed;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static io.portway.delivery.instance.InstanceStatus.sql;

/**
 * The statements that admit, release and act on service instances ({@code delivery.service_instance}), and the locks
 * that keep holding and releasing race-free (docs/SERVICE-INSTANCES.md). Callers own the transactions. The table's
 * other writers are {@link WorkQueueRepository} (claims, leases, outcomes) and {@link RetentionRepository} (purge);
 * its readers {@link InstanceQueries} (the API) and {@link InstanceStatistics} (metrics, overview).
 */
@Repository
class ServiceInstanceRepository {

    /** Advisory lock (class, key) that serializes "insert held instances" against "release held instances". */
    private static final int RELEASE_LOCK = 1;
    /** Advisory lock class per ordered port: "admit behind a failure?" against "suspend behind a failure". */
    static final int ORDERED_PORT_LOCK = 2;

    private static final String SERVICE_INSTANCE = "select id, message_id, send_port, status, resubmissions "
            + "from delivery.service_instance ";

    private final JdbcTemplate jdbc;

    ServiceInstanceRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    // ------------------------------------------------------------------------------------------- admission

    /** Taken before deciding that a new instance is held; a release waits for it (and the other way round). */
    void lockAgainstRelease() {
        jdbc.queryForList("select pg_advisory_xact_lock_shared(?, 0)", RELEASE_LOCK);
    }

    /** Taken before deciding whether a new instance of an ordered port queues behind a failed one. */
    void lockOrderedPortShared(String port) {
        jdbc.queryForList("select pg_advisory_xact_lock_shared(?, hashtext(?))", ORDERED_PORT_LOCK, port);
    }

    /** The committed status of ports in the routing table (read under {@link #lockAgainstRelease()}). */
    Map<String, ArtifactStatus> portStatuses(Collection<String> names) {
        return statuses("select name, status from delivery.send_port where name = any(?)", names);
    }

    Map<String, ArtifactStatus> groupStatuses(Collection<String> names) {
        return statuses("select name, status from delivery.send_port_group where name = any(?)", names);
    }

    private Map<String, ArtifactStatus> statuses(String sql, Collection<String> names) {
        Map<String, ArtifactStatus> statuses = new HashMap<>();
        if (!names.isEmpty()) {
            jdbc.query(sql, rs -> {
                statuses.put(rs.getString(1), ArtifactStatus.valueOf(rs.getString(2)));
            }, (Object) names.toArray(String[]::new));
        }
        return statuses;
    }

    /** True while an ordered port has a failed instance (or one held behind it) suspended. */
    boolean orderedPortStopped(String port) {
        return Boolean.TRUE.equals(jdbc.queryForObject("select exists (select 1 from delivery.service_instance "
                        + "where send_port = ? and ordered and status = '" + InstanceStatus.Suspended.name()
                        + "' and reason = any(?))", Boolean.class, port,
                InstanceReason.STOPS_ORDERED_PORT.stream().map(Enum::name).toArray(String[]::new)));
    }

    /** The instances of several stored messages in one JDBC batch (one round trip). */
    void insert(List<Admission.Stored> messages) {
        record Row(Admission.Stored message, Admitted instance) {
        }
        List<Row> rows = messages.stream().flatMap(message -> message.planned().stream()
                .map(instance -> new Row(message, instance))).toList();
        jdbc.batchUpdate("insert into delivery.service_instance (id, message_id, publish_seq, send_port, via, status, "
                        + "reason, priority, ordered, due_at, accepted_at, created_at, updated_at) "
                        + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows, 500,
                (statement, row) -> {
                    Admitted instance = row.instance();
                    Timestamp at = Timestamp.from(row.message().acceptedAt());
                    statement.setObject(1, instance.id());
                    statement.setString(2, row.message().messageId());
                    statement.setLong(3, row.message().publishSequence());
                    statement.setString(4, instance.route().port().name());
                    statement.setString(5, instance.route().via());
                    statement.setString(6, instance.status().name());
                    statement.setString(7, instance.reason() == null ? null : instance.reason().name());
                    statement.setInt(8, instance.route().port().configuration().priority());
                    statement.setBoolean(9, instance.route().port().configuration().orderedDelivery());
                    statement.setTimestamp(10, at);
                    statement.setTimestamp(11, at);
                    statement.setTimestamp(12, at);
                    statement.setTimestamp(13, at);
                });
    }

    // --------------------------------------------------------------------------------------------- release

    /** Taken by a start before releasing: waits for every admission that may be holding against that port. */

    /** The ports and the groups (by name) that hold instances, among those asked. */
    record Holding(Set<String> ports, Set<String> groups) {
    }

    /**
     * Takes the release lock, then answers which of these ports and groups hold instances: one round trip however
     * many start in a routing transaction (two statements sent together; the second reads after the lock is
     * granted, so it sees every admission that held an instance before), and starts with nothing held cost nothing
     * more.
     */
    Holding lockAndFindHolding(Collection<String> ports, Collection<String> groups) {
        return jdbc.execute((ConnectionCallback<Holding>) connection -> {
            try (PreparedStatement statement = connection.prepareStatement("select pg_advisory_xact_lock("
                    + RELEASE_LOCK + ", 0); select distinct send_port, via from delivery.service_instance "
                    + "where status = ? and reason = any(?) and (send_port = any(?) or via = any(?))")) {
                statement.setString(1, InstanceStatus.Suspended.name());
                statement.setArray(2, connection.createArrayOf("varchar", new String[]{
                        InstanceReason.PORT_STOPPED.name(), InstanceReason.GROUP_STOPPED.name()}));
                statement.setArray(3, connection.createArrayOf("varchar", ports.toArray(String[]::new)));
                statement.setArray(4, connection.createArrayOf("varchar",
                        groups.stream().map(group -> Route.GROUP_PREFIX + group).toArray(String[]::new)));
                statement.execute();
                statement.getMoreResults();
                Holding holding = new Holding(new HashSet<>(), new HashSet<>());
                try (ResultSet rs = statement.getResultSet()) {
                    while (rs.next()) {
                        holding.ports().add(rs.getString(1));
                        String via = rs.getString(2);
                        if (via.startsWith(Route.GROUP_PREFIX)) {
                            holding.groups().add(via.substring(Route.GROUP_PREFIX.length()));
                        }
                    }
                }
                return holding;
            }
        });
    }

    /**
     * The port started: instances it held are released in publish order (their due time is the accept time),
     * except those reached through a group that is still stopped, which now wait for the group.
     */
    List<ServiceInstanceResumed> releasePort(String port, String principal, Instant now) {
        Timestamp at = Timestamp.from(now);
        jdbc.update("update delivery.service_instance i set reason = ?, updated_at = ? "
                + "where i.send_port = ? and i.status = ? and i.reason = ? "
                + "and i.via like 'group:%' and not exists (select 1 from delivery.send_port_group g "
                + "where 'group:' || g.name = i.via and g.status = ?)", InstanceReason.GROUP_STOPPED.name(), at, port,
                InstanceStatus.Suspended.name(), InstanceReason.PORT_STOPPED.name(), ArtifactStatus.Started.name());
        return release("send_port = ?", port, InstanceReason.PORT_STOPPED, principal, at);
    }

    /** The group started: instances it held are released unless their port is stopped now. */
    List<ServiceInstanceResumed> releaseGroup(String group, String principal, Instant now) {
        Timestamp at = Timestamp.from(now);
        String via = "group:" + group;
        jdbc.update("update delivery.service_instance i set reason = ?, updated_at = ? "
                + "where i.via = ? and i.status = ? and i.reason = ? "
                + "and not exists (select 1 from delivery.send_port p where p.name = i.send_port "
                + "and p.status = ?)", InstanceReason.PORT_STOPPED.name(), at, via, InstanceStatus.Suspended.name(),
                InstanceReason.GROUP_STOPPED.name(), ArtifactStatus.Started.name());
        return release("via = ?", via, InstanceReason.GROUP_STOPPED, principal, at);
    }

    private List<ServiceInstanceResumed> release(String where, String value, InstanceReason held, String principal,
                                                 Timestamp at) {
        return jdbc.query("update delivery.service_instance set status = ?, reason = null, due_at = accepted_at, "
                        + "updated_at = ? where " + where + " and status = ? and reason = ? "
                        + "returning id, message_id, send_port, resubmissions",
                (rs, n) -> new ServiceInstanceResumed(rs.getString(1), rs.getString(2), rs.getString(3), null,
                        rs.getInt(4), principal, at.toInstant()),
                InstanceStatus.ReadyToRun.name(), at, value, InstanceStatus.Suspended.name(), held.name());
    }

    // --------------------------------------------------------------------------------------------- workers

    // ----------------------------------------------------------------------------------- operator actions

    private static final RowMapper<ServiceInstance> INSTANCE = (rs, n) -> new ServiceInstance(
            rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), InstanceStatus.valueOf(rs.getString(4)),
            rs.getInt(5));

    Optional<ServiceInstance> lock(UUID id) {
        return jdbc.query(SERVICE_INSTANCE + "where id = ? for update", INSTANCE, id).stream().findFirst();
    }

    /** Locks the unfinished instances a bulk selection matches (those locked elsewhere are skipped). */
    List<ServiceInstance> lock(InstanceActions.Selection selection, int limit) {
        StringBuilder sql = new StringBuilder(SERVICE_INSTANCE + "where status not in "
                + sql(InstanceStatus.FINAL));
        List<Object> args = new ArrayList<>();
        if (selection.sendPort() != null) {
            sql.append(" and send_port = ?");
            args.add(selection.sendPort());
        }
        if (selection.status() != null) {
            sql.append(" and status = ?");
            args.add(selection.status().name());
        }
        if (selection.errorCode() != null) {
            sql.append(" and reason = ?");
            args.add(selection.errorCode());
        }
        if (selection.from() != null) {
            sql.append(" and accepted_at >= ?");
            args.add(Timestamp.from(selection.from()));
        }
        if (selection.to() != null) {
            sql.append(" and accepted_at < ?");
            args.add(Timestamp.from(selection.to()));
        }
        if (selection.ids() != null && !selection.ids().isEmpty()) {
            sql.append(" and id = any(?)");
            args.add(selection.ids().toArray(UUID[]::new));
        }
        sql.append(" order by publish_seq limit ? for update skip locked");
        args.add(limit);
        return jdbc.query(sql.toString(), INSTANCE, args.toArray());
    }

    void resubmit(ServiceInstance.Resubmission resubmission, Instant now) {
        Timestamp at = Timestamp.from(now);
        UUID from = resubmission.from().id();
        jdbc.update("insert into delivery.service_instance (id, message_id, publish_seq, send_port, via, status, "
                + "priority, ordered, forced, due_at, resubmissions, resubmitted_from, accepted_at, created_at, "
                + "updated_at) select ?, message_id, publish_seq, send_port, via, ?, priority, ordered, "
                + "true, ?, resubmissions + 1, id, accepted_at, ?, ? from delivery.service_instance where id = ?",
                resubmission.to(), InstanceStatus.ReadyToRun.name(), at, at, at, from);
        jdbc.update("update delivery.service_instance set status = ?, reason = ?, resubmitted_to = ?, updated_at = ?, "
                        + "completed_at = ? where id = ?", InstanceStatus.Terminated.name(),
                InstanceReason.RESUBMITTED.name(), resubmission.to(), at, at, from);
    }

    void suspend(UUID id, InstanceReason reason, Instant now) {
        jdbc.update("update delivery.service_instance set status = ?, reason = ?, updated_at = ? where id = ?",
                InstanceStatus.Suspended.name(), reason.name(), Timestamp.from(now), id);
    }

    void terminate(UUID id, InstanceReason reason, Instant now) {
        Timestamp at = Timestamp.from(now);
        jdbc.update("update delivery.service_instance set status = ?, reason = ?, updated_at = ?, completed_at = ? "
                + "where id = ?", InstanceStatus.Terminated.name(), reason.name(), at, at, id);
    }

}
