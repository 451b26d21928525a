package io.portway.delivery.instance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.portway.events.delivery.ServiceInstanceSuspended;
import io.portway.messaging.PortwayJackson;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.portway.delivery.instance.InstanceStatus.sql;
import static io.portway.delivery.instance.ServiceInstanceRepository.ORDERED_PORT_LOCK;
import static io.portway.messaging.PortwayJackson.toJson;

/**
 * The statements behind {@link WorkQueue}: the workers' claims, leases and outcomes on {@code delivery.service_instance}
 * (docs/SERVICE-INSTANCES.md). Callers own the transactions.
 */
@Repository
class WorkQueueRepository {

    private static final String ACTIVE = "'" + InstanceStatus.Active.name() + "'";
    private static final String CLAIMABLE = sql(InstanceStatus.CLAIMABLE);
    /**
     * One statement (one round trip, its own transaction) claims and answers a batch with its messages: {@code u}
     * chooses due instances of unordered ports, {@code o} fills the rest of the batch with the oldest pending
     * instance of ordered ports, {@code claimed} makes them Active with a lease, and the answer joins each message.
     * An UPDATE's RETURNING has no order of its own, and a worker sends a claimed batch in the order it gets it, so
     * the answer is ordered as the instances were chosen.
     */
    private static final String CLAIM = "with u as (select id, priority, due_at from delivery.service_instance "
            + "where status in " + CLAIMABLE + " and not ordered and due_at <= ? "
            + "order by priority, due_at limit ? for update skip locked), "
            + "o as (select h.id, h.priority, h.due_at from delivery.service_instance h "
            + "where h.ordered and h.status in " + CLAIMABLE + " and h.due_at <= ? "
            + "and not exists (select 1 from delivery.service_instance p where p.ordered "
            + "and p.send_port = h.send_port and p.publish_seq < h.publish_seq "
            + "and p.status in " + sql(InstanceStatus.BLOCKS_LATER_ORDERED) + ") "
            + "order by h.priority, h.due_at limit greatest(0, ? - (select count(*) from u)) "
            + "for update of h skip locked), "
            + "c as (select id, priority, due_at from u union all select id, priority, due_at from o), "
            + "claimed as (update delivery.service_instance i set status = " + ACTIVE
            + ", due_at = ?, updated_at = ? from c where i.id = c.id returning i.id, i.message_id, i.publish_seq, "
            + "i.send_port, i.via, i.attempts, i.transport, i.transport_attempts, i.ordered, i.accepted_at, "
            + "i.resubmissions, c.priority as claim_priority, c.due_at as claim_due) "
            + "select k.id, k.message_id, k.publish_seq, k.send_port, k.via, k.attempts, k.transport, "
            + "k.transport_attempts, k.ordered, k.accepted_at, k.resubmissions, m.context::text, m.body, "
            + "m.content_type, m.traceparent from claimed k join delivery.message m on m.id = k.message_id "
            + "order by k.claim_priority, k.claim_due, k.publish_seq";

    private final JdbcTemplate jdbc;
    private final ObjectMapper json = PortwayJackson.newObjectMapper();

    WorkQueueRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Makes up to {@code limit} due instances Active, leased until {@code leaseUntil} (unordered ports first, then
     * ordered ports in order), and answers them with their messages.
     */
    List<Claimed> claim(int limit, Instant now, Instant leaseUntil) {
        Timestamp at = Timestamp.from(now);
        Map<String, Map<String, String>> contexts = new HashMap<>();
        return jdbc.query(CLAIM, (rs, n) -> new Claimed(rs.getObject(1, UUID.class), rs.getString(2), rs.getLong(3),
                        rs.getString(4), rs.getString(5), rs.getInt(6), rs.getString(7), rs.getInt(8),
                        rs.getBoolean(9), rs.getTimestamp(10).toInstant(), rs.getInt(11),
                        contexts.computeIfAbsent(rs.getString(2), id -> uncheckedContext(rs, 12)), rs.getBytes(13),
                        rs.getString(14), rs.getString(15)),
                at, limit, at, limit, Timestamp.from(leaseUntil), at);
    }

    private Map<String, String> uncheckedContext(ResultSet rs, int column) {
        try {
            return context(rs.getString(column));
        } catch (SQLException e) {
            throw new IllegalStateException("unreadable context", e);
        }
    }

    /** Keeps instances reserved while their worker still holds them. */
    /**
     * Extends the leases of held instances. It skips the rows a worker's outcome transaction has locked (that
     * transaction ends them, or, rolled back, leaves them to the next extension, well within the lease), so the
     * keeper never waits for a worker and the two can never deadlock.
     */
    void extendLease(Collection<UUID> ids, Instant leaseUntil) {
        if (!ids.isEmpty()) {
            jdbc.update("update delivery.service_instance set due_at = ? where id in (select id from "
                            + "delivery.service_instance where id = any(?) and status = " + ACTIVE
                            + " for update skip locked)",
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

    /**
     * Applies attempts' outcomes to their (still Active) instances in one round trip (a JDBC batch); answers, per
     * transition, whether it was applied (false when the instance was no longer Active).
     */
    boolean[] apply(List<Transition> transitions, Instant now) {
        Timestamp at = Timestamp.from(now);
        int[][] counts = jdbc.batchUpdate("update delivery.service_instance set status = ?, reason = ?, due_at = ?, "
                        + "attempts = ?, transport = ?, transport_attempts = ?, last_error = ?, "
                        + "attempt_log = case when ?::jsonb is null then attempt_log else attempt_log || ?::jsonb end, "
                        + "updated_at = ?, completed_at = ? where id = ? and status = " + ACTIVE,
                transitions, transitions.size(), (statement, transition) -> {
                    String attempt = transition.attempt() == null ? null : toJson(List.of(transition.attempt()));
                    statement.setString(1, transition.status().name());
                    statement.setString(2, transition.reason() == null ? null : transition.reason().name());
                    statement.setTimestamp(3, Timestamp.from(transition.dueAt()));
                    statement.setInt(4, transition.counters().attempts());
                    statement.setString(5, transition.counters().transport());
                    statement.setInt(6, transition.counters().transportAttempts());
                    statement.setString(7, transition.lastError());
                    statement.setString(8, attempt);
                    statement.setString(9, attempt);
                    statement.setTimestamp(10, at);
                    statement.setTimestamp(11, transition.status().isFinal() ? at : null);
                    statement.setObject(12, transition.instance().id());
                });
        boolean[] applied = new boolean[transitions.size()];
        for (int i = 0; i < applied.length; i++) {
            applied[i] = counts[0][i] > 0;
        }
        return applied;
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

    private Map<String, String> context(String value) {
        try {
            return json.readValue(value, new TypeReference<Map<String, String>>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable context", e);
        }
    }
}
