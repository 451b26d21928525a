package io.portway.delivery.instance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.portway.events.delivery.ServiceInstanceSuspended;
import io.portway.messaging.PortwayJackson;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

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

    private final JdbcTemplate jdbc;
    private final ObjectMapper json = PortwayJackson.newObjectMapper();

    WorkQueueRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

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
