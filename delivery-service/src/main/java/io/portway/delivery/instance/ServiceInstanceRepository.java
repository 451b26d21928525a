package io.portway.delivery.instance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.portway.events.ArtifactStatus;
import io.portway.events.delivery.ServiceInstanceResumed;
import io.portway.events.delivery.ServiceInstanceSuspended;
import io.portway.messaging.PortwayJackson;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static io.portway.delivery.instance.InstanceStatus.sql;

/**
 * Every statement that changes {@code delivery.service_instance}, and the locks that keep holding and releasing
 * race-free (docs/SERVICE-INSTANCES.md). Callers own the transactions. The API's reads are {@link InstanceQueries}.
 */
@Repository
class ServiceInstanceRepository {

    /** Advisory lock (class, key) that serializes "insert held instances" against "release held instances". */
    private static final int RELEASE_LOCK = 1;
    /** Advisory lock class per ordered port: "admit behind a failure?" against "suspend behind a failure". */
    private static final int ORDERED_PORT_LOCK = 2;

    private static final String ACTIVE = "'" + InstanceStatus.Active.name() + "'";
    /**
     * Claims the instances {@code c} chose, and answers them in the order they were chosen: an UPDATE's RETURNING
     * has no order of its own, and a worker sends a claimed batch in the order it gets it.
     */
    private static final String CLAIM = ", claimed as (update delivery.service_instance i set status = " + ACTIVE
            + ", due_at = ?, updated_at = ? from c where i.id = c.id returning i.id, i.message_id, i.publish_seq, "
            + "i.send_port, i.via, i.attempts, i.transport, i.transport_attempts, i.ordered, i.accepted_at, "
            + "i.resubmissions, c.priority as claim_priority, c.due_at as claim_due) "
            + "select id, message_id, publish_seq, send_port, via, attempts, transport, transport_attempts, ordered, "
            + "accepted_at, resubmissions from claimed order by claim_priority, claim_due, publish_seq";
    private static final String CLAIM_UNORDERED = "with c as (select id, priority, due_at "
            + "from delivery.service_instance where status in " + sql(InstanceStatus.CLAIMABLE)
            + " and not ordered and due_at <= ? order by priority, due_at limit ? for update skip locked)" + CLAIM;
    private static final String CLAIM_ORDERED = "with c as (select h.id, h.priority, h.due_at "
            + "from delivery.service_instance h "
            + "where h.ordered and h.status in " + sql(InstanceStatus.CLAIMABLE) + " and h.due_at <= ? "
            + "and not exists (select 1 from delivery.service_instance p where p.ordered "
            + "and p.send_port = h.send_port and p.publish_seq < h.publish_seq "
            + "and p.status in " + sql(InstanceStatus.BLOCKS_LATER_ORDERED) + ") "
            + "order by h.priority, h.due_at limit ? for update of h skip locked)" + CLAIM;
    private static final String SERVICE_INSTANCE = "select id, message_id, send_port, status, resubmissions "
            + "from delivery.service_instance ";

    private final JdbcTemplate jdbc;
    private final ObjectMapper json = PortwayJackson.newObjectMapper();

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

    void insert(String messageId, long publishSequence, Instant acceptedAt, List<Admitted> instances) {
        Timestamp at = Timestamp.from(acceptedAt);
        jdbc.batchUpdate("insert into delivery.service_instance (id, message_id, publish_seq, send_port, via, status, "
                        + "reason, priority, ordered, due_at, accepted_at, created_at, updated_at) "
                        + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", instances, 100,
                (statement, instance) -> {
                    statement.setObject(1, instance.id());
                    statement.setString(2, messageId);
                    statement.setLong(3, publishSequence);
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
    void lockForRelease() {
        jdbc.queryForList("select pg_advisory_xact_lock(?, 0)", RELEASE_LOCK);
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

    record Row(UUID id, String messageId, long publishSequence, String sendPort, String via, int attempts,
               String transport, int transportAttempts, boolean ordered, Instant acceptedAt, int resubmissions) {
    }

    record Message(Map<String, String> context, byte[] body, String contentType, String traceparent) {
    }

    /** Makes up to {@code limit} due instances Active, leased until {@code leaseUntil}; ordered ports in order. */
    List<Row> claim(boolean ordered, int limit, Instant now, Instant leaseUntil) {
        Timestamp at = Timestamp.from(now);
        return jdbc.query(ordered ? CLAIM_ORDERED : CLAIM_UNORDERED, (rs, n) -> new Row(rs.getObject(1, UUID.class),
                rs.getString(2), rs.getLong(3), rs.getString(4), rs.getString(5), rs.getInt(6), rs.getString(7),
                rs.getInt(8), rs.getBoolean(9), rs.getTimestamp(10).toInstant(), rs.getInt(11)),
                at, limit, Timestamp.from(leaseUntil), at);
    }

    Map<String, Message> messages(Collection<String> ids) {
        Map<String, Message> messages = new HashMap<>();
        jdbc.query("select id, context::text, body, content_type, traceparent from delivery.message "
                        + "where id = any(?)",
                rs -> {
                    messages.put(rs.getString(1), new Message(context(rs.getString(2)), rs.getBytes(3),
                            rs.getString(4), rs.getString(5)));
                }, (Object) ids.toArray(String[]::new));
        return messages;
    }

    /** Keeps instances reserved while their worker still holds them. */
    void extendLease(Collection<UUID> ids, Instant leaseUntil) {
        if (!ids.isEmpty()) {
            jdbc.update("update delivery.service_instance set due_at = ? where id = any(?) and status = " + ACTIVE,
                    Timestamp.from(leaseUntil), ids.toArray(UUID[]::new));
        }
    }

    /** Hands claimed but unattempted instances back to the other workers, due at {@code dueAt}. */
    void giveBack(Collection<UUID> ids, Instant dueAt) {
        if (!ids.isEmpty()) {
            jdbc.update("update delivery.service_instance set status = ?, due_at = ? where id = any(?) and status = "
                    + ACTIVE, InstanceStatus.ReadyToRun.name(), Timestamp.from(dueAt), ids.toArray(UUID[]::new));
        }
    }

    /** Applies an attempt's outcome to its (still Active) instance; false when it was no longer Active. */
    boolean apply(Transition transition, Instant now) {
        Timestamp at = Timestamp.from(now);
        String attempt = transition.attempt() == null ? null : toJson(List.of(transition.attempt()));
        return jdbc.update("update delivery.service_instance set status = ?, reason = ?, due_at = ?, attempts = ?, "
                        + "transport = ?, transport_attempts = ?, last_error = ?, "
                        + "attempt_log = case when ?::jsonb is null then attempt_log else attempt_log || ?::jsonb end, "
                        + "updated_at = ?, completed_at = ? where id = ? and status = " + ACTIVE,
                transition.status().name(), transition.reason() == null ? null : transition.reason().name(),
                Timestamp.from(transition.dueAt()), transition.counters().attempts(),
                transition.counters().transport(), transition.counters().transportAttempts(),
                transition.lastError(), attempt, attempt, at, transition.status().isFinal() ? at : null,
                transition.instance().id()) > 0;
    }

    /** Ordered delivery with stopSendingOnFailure: the port's later waiting instances are suspended too. */
    List<ServiceInstanceSuspended> suspendBehind(Claimed failed, Instant now) {
        jdbc.queryForList("select pg_advisory_xact_lock(?, hashtext(?))", ORDERED_PORT_LOCK, failed.sendPort());
        Timestamp at = Timestamp.from(now);
        return jdbc.query("update delivery.service_instance set status = ?, reason = ?, updated_at = ? "
                        + "where send_port = ? and ordered and publish_seq > ? and status in "
                        + sql(InstanceStatus.SUSPENDABLE) + " returning id, message_id",
                (rs, n) -> new ServiceInstanceSuspended(rs.getString(1), rs.getString(2), failed.sendPort(),
                        InstanceReason.ORDERED_DELIVERY_STOPPED.name(), true,
                        "an earlier message of this ordered port failed: " + failed.id(), now),
                InstanceStatus.Suspended.name(), InstanceReason.ORDERED_DELIVERY_STOPPED.name(), at,
                failed.sendPort(), failed.publishSequence());
    }

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

    // ------------------------------------------------------------------------------------------- retention

    /** Advisory lock (class, key) held by a purge transaction: one purge at a time across instances of the service. */
    private static final int PURGE_LOCK = 3;
    private static final String FINAL = sql(InstanceStatus.FINAL);

    /** What one purge transaction deleted. */
    record Purged(int instances, int messages) {
    }

    /**
     * True when this transaction may purge: no other purge transaction runs now (in any instance of the service), so
     * two purges never both keep a message because each still sees the instance the other deletes.
     */
    boolean tryLockForPurge() {
        return Boolean.TRUE.equals(jdbc.queryForObject("select pg_try_advisory_xact_lock(?, 0)", Boolean.class,
                PURGE_LOCK));
    }

    /**
     * Deletes up to {@code limit} finished instances (Completed, Terminated) that ended before {@code cutoff},
     * oldest first, then their messages if no instance refers to them any more. Candidates and messages another
     * transaction holds locked are skipped, never waited for. An instance of a resubmission chain goes only with its
     * whole chain, once every instance of the chain ended before the cutoff, so a surviving instance never names one
     * that is gone; the rest of such a chain is deleted with it, which may wait for an operator's action that has
     * just locked one of its finished instances (workers never lock finished instances).
     */
    Purged purgeFinished(Instant cutoff, int limit) {
        Timestamp before = Timestamp.from(cutoff);
        // one instance per (message, port), and its resubmissions: the instances of the same message and port are
        // exactly its chain (the anti-join probes the message index per candidate, never scans the table)
        List<UUID> ids = jdbc.queryForList("select i.id from delivery.service_instance i where i.status in " + FINAL
                + " and i.completed_at < ? and not exists (select 1 from delivery.service_instance o "
                + "where o.message_id = i.message_id and o.send_port = i.send_port "
                + "and (o.status not in " + FINAL + " or o.completed_at >= ?)) "
                + "order by i.completed_at limit ? for update of i skip locked", UUID.class, before, before, limit);
        if (ids.isEmpty()) {
            return new Purged(0, 0);
        }
        UUID[] selected = ids.toArray(UUID[]::new);
        List<String> messageIds = jdbc.queryForList("delete from delivery.service_instance d using ("
                + "select id from delivery.service_instance where id = any(?) union "
                + "select o.id from delivery.service_instance c join delivery.service_instance o "
                + "on o.message_id = c.message_id and o.send_port = c.send_port where c.id = any(?) "
                + "and (c.resubmitted_from is not null or c.resubmitted_to is not null)) x "
                + "where d.id = x.id returning d.message_id", String.class, selected, selected);
        int messages = jdbc.update("delete from delivery.message where id in (select m.id from delivery.message m "
                + "where m.id = any(?) and not exists (select 1 from delivery.service_instance i "
                + "where i.message_id = m.id) for update skip locked)",
                (Object) messageIds.stream().distinct().toArray(String[]::new));
        return new Purged(messageIds.size(), messages);
    }

    // --------------------------------------------------------------------------------------------- metrics

    Map<InstanceStatus, Long> countByStatus() {
        Map<InstanceStatus, Long> counts = new EnumMap<>(InstanceStatus.class);
        jdbc.query("select status, count(*) from delivery.service_instance group by status", rs -> {
            counts.put(InstanceStatus.valueOf(rs.getString(1)), rs.getLong(2));
        });
        return counts;
    }

    // -------------------------------------------------------------------------------------------- overview

    /** Held and suspended instances per port, status and reason: one grouped query (the held index covers most). */
    List<InstanceOverview.Waiting> heldAndSuspended() {
        return jdbc.query("select send_port, status, reason, count(*) from delivery.service_instance "
                        + "where status in " + sql(InstanceOverview.WAITING) + " group by send_port, status, reason "
                        + "order by send_port, status, reason",
                (rs, row) -> new InstanceOverview.Waiting(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getLong(4)));
    }

    /**
     * Deliveries (instances Completed), failures (instances that ended an attempt Suspended, SuspendedNotResumable
     * or Terminated with a failure code) and the p99 delivery latency ({@code completed_at - created_at}) per minute
     * in {@code [from, to)}, minutes without any left out; {@code sendPort} narrows it to one port when given.
     */
    List<InstanceOverview.Minute> perMinute(Instant from, Instant to, String sendPort) {
        String failures = InstanceOverview.FAILURES.stream().map(reason -> "'" + reason.name() + "'")
                .collect(java.util.stream.Collectors.joining(", ", "(", ")"));
        String port = sendPort == null ? "" : " and send_port = ?";
        Timestamp start = Timestamp.from(from);
        Timestamp end = Timestamp.from(to);
        List<Object> arguments = new ArrayList<>();
        for (int part = 0; part < 3; part++) {
            arguments.add(start);
            arguments.add(end);
            if (sendPort != null) {
                arguments.add(sendPort);
            }
        }
        return jdbc.query("with outcome as ("
                        + "select completed_at as at, true as delivered, "
                        + "extract(epoch from completed_at - created_at) * 1000 as latency_ms "
                        + "from delivery.service_instance where status = 'Completed' "
                        + "and completed_at >= ? and completed_at < ?" + port
                        + " union all select updated_at, false, null from delivery.service_instance "
                        + "where status in ('Suspended', 'SuspendedNotResumable') and reason in " + failures
                        + " and updated_at >= ? and updated_at < ?" + port
                        + " union all select completed_at, false, null from delivery.service_instance "
                        + "where status = 'Terminated' and reason in " + failures
                        + " and completed_at >= ? and completed_at < ?" + port + ") "
                        + "select date_trunc('minute', at) as minute, count(*) filter (where delivered), "
                        + "count(*) filter (where not delivered), "
                        + "percentile_cont(0.99) within group (order by latency_ms) "
                        + "from outcome group by 1 order by 1",
                (rs, row) -> new InstanceOverview.Minute(rs.getTimestamp(1).toInstant(), rs.getLong(2),
                        rs.getLong(3), rs.getObject(4) == null ? null : Math.round(rs.getDouble(4))),
                arguments.toArray());
    }

    private Map<String, String> context(String value) {
        try {
            return json.readValue(value, new TypeReference<Map<String, String>>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable context", e);
        }
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
