package io.portway.delivery.instance;

import io.portway.delivery.outbox.Outbox;
import io.portway.events.delivery.DeliveryEvent;
import io.portway.events.delivery.ServiceInstanceResumed;
import io.portway.events.delivery.ServiceInstanceSuspended;
import io.portway.events.delivery.ServiceInstanceTerminated;
import io.portway.support.PortwayException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Operator actions (PRODUCT.md §4, BizTalk §3.12). Resume resubmits a Suspended (resumable) instance as a new
 * instance that delivers even if the port is not started; the old one is Terminated with reason
 * {@code RESUBMITTED} and points to the new one, which counts its resubmissions and names where it came from.
 * Suspend works on instances waiting to run; terminate on anything not finished. An instance being delivered
 * (Active) refuses both until its attempt ends.
 */
@Component
class InstanceActions {

    static final Set<String> SUSPENDABLE = Set.of("ReadyToRun", "Scheduled", "WaitingToRetry");
    static final Set<String> TERMINABLE = Set.of("ReadyToRun", "Scheduled", "WaitingToRetry", "Suspended",
            "SuspendedNotResumable");

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final Outbox outbox;
    private final Doorbell doorbell;
    private final InstanceQueries queries;

    InstanceActions(JdbcTemplate jdbc, TransactionTemplate transactions, Outbox outbox, Doorbell doorbell,
                    InstanceQueries queries) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.outbox = outbox;
        this.doorbell = doorbell;
        this.queries = queries;
    }

    private record Locked(UUID id, String messageId, String sendPort, String status, int resubmissions) {
    }

    ServiceInstanceView resume(UUID id, String principal) {
        UUID resumed = transactions.execute(tx -> {
            Locked instance = lock(id);
            if (!instance.status().equals("Suspended")) {
                throw new InvalidInstanceStateException(id.toString(), instance.status(), "resumed",
                        "only a Suspended (resumable) instance can be resumed");
            }
            return resubmit(instance, principal);
        });
        doorbell.ring();
        return queries.find(resumed).orElseThrow();
    }

    ServiceInstanceView suspend(UUID id, String principal) {
        transactions.executeWithoutResult(tx -> {
            Locked instance = lock(id);
            if (!SUSPENDABLE.contains(instance.status())) {
                throw new InvalidInstanceStateException(id.toString(), instance.status(), "suspended",
                        "only ReadyToRun, Scheduled or WaitingToRetry instances can be suspended");
            }
            suspendLocked(instance);
        });
        return queries.find(id).orElseThrow();
    }

    ServiceInstanceView terminate(UUID id, String principal) {
        transactions.executeWithoutResult(tx -> {
            Locked instance = lock(id);
            if (!TERMINABLE.contains(instance.status())) {
                throw new InvalidInstanceStateException(id.toString(), instance.status(), "terminated",
                        instance.status().equals("Active") ? "it is being delivered right now; try again"
                                : "it has already finished");
            }
            terminateLocked(instance, "TERMINATED_BY_OPERATOR", principal);
        });
        return queries.find(id).orElseThrow();
    }

    /** Bulk filter; every field optional, all given ones must hold. */
    record Selection(String sendPort, String status, String errorCode, Instant from, Instant to, List<UUID> ids) {
    }

    record BulkResult(int matched, int changed, int refused) {
    }

    BulkResult resumeAll(Selection selection, String principal) {
        BulkResult result = bulk(selection, Set.of("Suspended"), (instance) -> resubmit(instance, principal));
        doorbell.ring();
        return result;
    }

    BulkResult terminateAll(Selection selection, String principal) {
        return bulk(selection, TERMINABLE, instance -> terminateLocked(instance, "TERMINATED_BY_OPERATOR", principal));
    }

    private BulkResult bulk(Selection selection, Set<String> allowed, java.util.function.Consumer<Locked> action) {
        StringBuilder sql = new StringBuilder("select id, message_id, send_port, status, resubmissions "
                + "from delivery.service_instance where true");
        List<Object> args = new ArrayList<>();
        if (selection.sendPort() != null) {
            sql.append(" and send_port = ?");
            args.add(selection.sendPort());
        }
        if (selection.status() != null) {
            sql.append(" and status = ?");
            args.add(selection.status());
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
        sql.append(" and status not in ('Completed', 'Terminated') order by publish_seq limit 10000 "
                + "for update skip locked");
        return transactions.execute(tx -> {
            List<Locked> instances = jdbc.query(sql.toString(), (rs, n) -> new Locked(rs.getObject(1, UUID.class),
                    rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5)), args.toArray());
            int changed = 0;
            for (Locked instance : instances) {
                if (allowed.contains(instance.status())) {
                    action.accept(instance);
                    changed++;
                }
            }
            return new BulkResult(instances.size(), changed, instances.size() - changed);
        });
    }

    private Locked lock(UUID id) {
        return jdbc.query("select id, message_id, send_port, status, resubmissions from delivery.service_instance "
                        + "where id = ? for update", (rs, n) -> new Locked(rs.getObject(1, UUID.class),
                        rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5)), id)
                .stream().findFirst()
                .orElseThrow(() -> new PortwayException(HttpStatus.NOT_FOUND, "NOT_FOUND",
                        "no service instance with id " + id));
    }

    private UUID resubmit(Locked instance, String principal) {
        UUID next = UUID.randomUUID();
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.update("insert into delivery.service_instance (id, message_id, publish_seq, send_port, via, status, "
                + "priority, ordered, forced, due_at, resubmissions, resubmitted_from, accepted_at, created_at, "
                + "updated_at) select ?, message_id, publish_seq, send_port, via, 'ReadyToRun', priority, ordered, "
                + "true, ?, resubmissions + 1, id, accepted_at, ?, ? from delivery.service_instance where id = ?",
                next, now, now, now, instance.id());
        jdbc.update("update delivery.service_instance set status = 'Terminated', reason = 'RESUBMITTED', "
                + "resubmitted_to = ?, updated_at = ?, completed_at = ? where id = ?", next, now, now, instance.id());
        outbox.addAll(List.<DeliveryEvent>of(
                new ServiceInstanceTerminated(instance.id().toString(), instance.messageId(), instance.sendPort(),
                        "RESUBMITTED", principal, now.toInstant()),
                new ServiceInstanceResumed(next.toString(), instance.messageId(), instance.sendPort(),
                        instance.id().toString(), instance.resubmissions() + 1, principal, now.toInstant())));
        return next;
    }

    private void suspendLocked(Locked instance) {
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.update("update delivery.service_instance set status = 'Suspended', reason = 'SUSPENDED_BY_OPERATOR', "
                + "updated_at = ? where id = ?", now, instance.id());
        outbox.add(new ServiceInstanceSuspended(instance.id().toString(), instance.messageId(), instance.sendPort(),
                "SUSPENDED_BY_OPERATOR", true, null, now.toInstant()));
    }

    private void terminateLocked(Locked instance, String reason, String principal) {
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.update("update delivery.service_instance set status = 'Terminated', reason = ?, updated_at = ?, "
                + "completed_at = ? where id = ?", reason, now, now, instance.id());
        outbox.add(new ServiceInstanceTerminated(instance.id().toString(), instance.messageId(), instance.sendPort(),
                reason, principal, now.toInstant()));
    }
}
