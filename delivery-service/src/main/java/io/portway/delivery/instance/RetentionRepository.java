package io.portway.delivery.instance;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.portway.delivery.instance.InstanceStatus.sql;

/**
 * The statements behind {@link MessageBoxRetention}: deletes finished instances, the messages they leave behind and
 * old routing-failure reports.
 */
@Repository
class RetentionRepository {

    /** Advisory lock (class, key) held by a purge transaction: one purge at a time across instances of the service. */
    private static final int PURGE_LOCK = 3;
    private static final String FINAL = sql(InstanceStatus.FINAL);

    /** What one purge transaction deleted. */
    record Purged(int instances, int messages) {
    }

    private final JdbcTemplate jdbc;

    RetentionRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
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

    /** Deletes up to {@code limit} routing-failure reports that occurred before {@code cutoff}, oldest first. */
    int purgeRoutingFailures(Instant cutoff, int limit) {
        return jdbc.update("delete from delivery.routing_failure where id in (select id "
                + "from delivery.routing_failure where occurred_at < ? order by occurred_at limit ? "
                + "for update skip locked)", Timestamp.from(cutoff), limit);
    }
}
