package io.portway.delivery.instance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.portway.delivery.outbox.Outbox;
import io.portway.events.delivery.DeliveryEvent;
import io.portway.events.delivery.ServiceInstanceSuspended;
import io.portway.messaging.PortwayJackson;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The workers' side of the message box: claiming due instances in batches with {@code FOR UPDATE SKIP LOCKED}
 * (priority first, then due time; an ordered port only at its oldest pending instance), and recording outcomes in
 * batches together with their outbox events. A claim makes an instance Active with a lease (its due time); if the
 * worker dies, the instance is claimed again when the lease expires — a retry of the same instance id.
 */
@Component
class InstanceStore {

    private static final String CLAIMABLE = "status in ('ReadyToRun', 'WaitingToRetry', 'Scheduled', 'Active')";
    private static final String RETURNING = " returning i.id, i.message_id, i.publish_seq, i.send_port, i.via, "
            + "i.attempts, i.transport, i.transport_attempts, i.ordered, i.accepted_at, i.resubmissions";

    private static final String CLAIM_UNORDERED = "with c as (select id from delivery.service_instance "
            + "where " + CLAIMABLE + " and not ordered and due_at <= ? "
            + "order by priority, due_at limit ? for update skip locked) "
            + "update delivery.service_instance i set status = 'Active', due_at = ?, updated_at = ? "
            + "from c where i.id = c.id" + RETURNING;

    private static final String CLAIM_ORDERED = "with c as (select h.id from delivery.service_instance h "
            + "where h.ordered and h." + CLAIMABLE + " and h.due_at <= ? "
            + "and not exists (select 1 from delivery.service_instance p where p.ordered "
            + "and p.send_port = h.send_port and p.publish_seq < h.publish_seq "
            + "and p.status in ('ReadyToRun', 'WaitingToRetry', 'Scheduled', 'Active', 'Suspended')) "
            + "order by h.priority, h.due_at limit ? for update of h skip locked) "
            + "update delivery.service_instance i set status = 'Active', due_at = ?, updated_at = ? "
            + "from c where i.id = c.id" + RETURNING;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final Outbox outbox;
    private final ResponsePublisher responses;
    private final ObjectMapper json = PortwayJackson.newObjectMapper();
    private volatile boolean orderedSeen = true;

    InstanceStore(JdbcTemplate jdbc, TransactionTemplate transactions, Outbox outbox, ResponsePublisher responses) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.outbox = outbox;
        this.responses = responses;
    }

    private record Row(UUID id, String messageId, long publishSequence, String sendPort, String via, int attempts,
                       String transport, int transportAttempts, boolean ordered, Instant acceptedAt,
                       int resubmissions) {
    }

    private record Message(Map<String, String> context, byte[] body, String contentType) {
    }

    /** Claims up to {@code limit} due instances, leased until {@code leaseUntil}. */
    List<Claimed> claim(int limit, Instant now, Instant leaseUntil) {
        return transactions.execute(status -> {
            List<Row> rows = new ArrayList<>(claim(CLAIM_UNORDERED, limit, now, leaseUntil));
            if (rows.size() < limit && orderedSeen) {
                List<Row> ordered = claim(CLAIM_ORDERED, limit - rows.size(), now, leaseUntil);
                rows.addAll(ordered);
            }
            if (rows.isEmpty()) {
                return List.<Claimed>of();
            }
            Map<String, Message> messages = new HashMap<>();
            jdbc.query("select id, context::text, body, content_type from delivery.message where id = any(?)",
                    rs -> {
                        messages.put(rs.getString(1), new Message(context(rs.getString(2)), rs.getBytes(3),
                                rs.getString(4)));
                    }, (Object) rows.stream().map(Row::messageId).distinct().toArray(String[]::new));
            List<Claimed> claimed = new ArrayList<>(rows.size());
            for (Row row : rows) {
                Message message = messages.get(row.messageId());
                claimed.add(new Claimed(row.id(), row.messageId(), row.publishSequence(), row.sendPort(), row.via(),
                        row.attempts(), row.transport(), row.transportAttempts(), row.ordered(), row.acceptedAt(),
                        row.resubmissions(), message.context(), message.body(), message.contentType()));
            }
            return claimed;
        });
    }

    private List<Row> claim(String sql, int limit, Instant now, Instant leaseUntil) {
        Timestamp at = Timestamp.from(now);
        return jdbc.query(sql, (rs, n) -> new Row(rs.getObject(1, UUID.class), rs.getString(2), rs.getLong(3),
                rs.getString(4), rs.getString(5), rs.getInt(6), rs.getString(7), rs.getInt(8), rs.getBoolean(9),
                rs.getTimestamp(10).toInstant(), rs.getInt(11)), at, limit, Timestamp.from(leaseUntil), at);
    }

    /** Keeps instances reserved while a slow batch is still being delivered. */
    void extendLease(List<UUID> ids, Instant leaseUntil) {
        if (!ids.isEmpty()) {
            jdbc.update("update delivery.service_instance set due_at = ? where id = any(?) and status = 'Active'",
                    Timestamp.from(leaseUntil), ids.toArray(UUID[]::new));
        }
    }

    /** Records a batch of outcomes with their events; answers the outcomes that were applied. */
    List<Result> record(List<Result> results) {
        return transactions.execute(status -> {
            Timestamp now = Timestamp.from(Instant.now());
            int[][] counts = jdbc.batchUpdate("update delivery.service_instance set status = ?, reason = ?, "
                            + "due_at = ?, attempts = ?, transport = ?, transport_attempts = ?, last_error = ?, "
                            + "attempt_log = case when ?::jsonb is null then attempt_log else attempt_log || ?::jsonb end, "
                            + "updated_at = ?, completed_at = ? where id = ? and status = 'Active'",
                    results, results.size(), (statement, result) -> {
                        String attempt = result.attempt() == null ? null : toJson(List.of(result.attempt()));
                        statement.setString(1, result.status().name());
                        statement.setString(2, result.reason());
                        statement.setTimestamp(3, Timestamp.from(result.dueAt()));
                        statement.setInt(4, result.attempts());
                        statement.setString(5, result.transport());
                        statement.setInt(6, result.transportAttempts());
                        statement.setString(7, result.lastError());
                        statement.setString(8, attempt);
                        statement.setString(9, attempt);
                        statement.setTimestamp(10, now);
                        statement.setTimestamp(11, result.status().isFinal() ? now : null);
                        statement.setObject(12, result.instance().id());
                    });
            List<Result> applied = new ArrayList<>(results.size());
            List<DeliveryEvent> events = new ArrayList<>();
            int index = 0;
            for (int[] batch : counts) {
                for (int count : batch) {
                    Result result = results.get(index++);
                    if (count > 0) {
                        applied.add(result);
                        events.addAll(result.events());
                    }
                }
            }
            for (Result result : applied) {
                if (result.stopOrderedPort()) {
                    events.addAll(stopOrderedPort(result.instance(), now));
                }
                if (result.response() != null) {
                    Map<String, String> context = new HashMap<>();
                    context.put("Portway.ResponseTo", result.instance().messageId());
                    context.put("Portway.SendPortName", result.instance().sendPort());
                    responses.publishResponse(result.instance().id() + "-response", context,
                            result.response().response() == null ? new byte[0] : result.response().response(),
                            result.response().responseContentType());
                }
            }
            outbox.addAll(events);
            return applied;
        });
    }

    /** Ordered delivery with stopSendingOnFailure: the port's later pending instances are suspended too. */
    private List<DeliveryEvent> stopOrderedPort(Claimed failed, Timestamp now) {
        return jdbc.query("update delivery.service_instance set status = 'Suspended', "
                        + "reason = 'ORDERED_DELIVERY_STOPPED', updated_at = ? where send_port = ? and ordered "
                        + "and publish_seq > ? and status in ('ReadyToRun', 'WaitingToRetry', 'Scheduled') "
                        + "returning id, message_id",
                (rs, n) -> (DeliveryEvent) new ServiceInstanceSuspended(rs.getString(1), rs.getString(2),
                        failed.sendPort(), "ORDERED_DELIVERY_STOPPED", true,
                        "an earlier message of this ordered port failed: " + failed.id(), now.toInstant()),
                now, failed.sendPort(), failed.publishSequence());
    }

    /** Lets workers skip the ordered claim while no ordered instance exists. */
    void orderedSeen(boolean seen) {
        this.orderedSeen = seen;
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
