package io.portway.query.projection;

import io.portway.events.EventEnvelope;
import io.portway.support.ConsumerHalts;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Events the live projection cannot apply (docs/RULES.md §7, no silent halt). Each is recorded with its artifact's
 * sequence row ({@code failed_sequence}, {@code failed_name}, {@code failure}); the projection then holds that
 * artifact's later events back and goes on with every other artifact. Readiness is DOWN (health contributor
 * {@code consumers}, consumer {@value #CONSUMER}) naming the artifact id, name, sequence and reason, each failure
 * is logged at ERROR and counted in {@code portway.consumer.failures{consumer="projection"}}. The records survive
 * a restart and are shared by every instance; a rebuild (after the cause is fixed) starts without them.
 */
@Component
class ProjectionFailures {

    static final String CONSUMER = "projection";

    private final JdbcTemplate jdbc;
    private final ConsumerHalts halts;
    private volatile boolean any;

    ProjectionFailures(JdbcTemplate jdbc, ConsumerHalts halts) {
        this.jdbc = jdbc;
        this.halts = halts;
    }

    /** Records that {@code event} cannot be applied, in a transaction of its own. */
    void record(EventEnvelope event, String reason) {
        String storedReason = CurrentStates.text(reason);
        jdbc.update("insert into " + Projector.LIVE_SCHEMA + ".event_sequence (artifact_id, last_sequence, "
                        + "failed_sequence, failed_name, failure) values (?, 0, ?, ?, ?) on conflict (artifact_id) do "
                        + "update set failed_sequence = excluded.failed_sequence, failed_name = excluded.failed_name, "
                        + "failure = excluded.failure",
                event.artifactId(), event.sequence(), CurrentStates.text(event.name()), storedReason);
        any = true;
        halt(event.artifactId(), CurrentStates.text(event.name()), event.sequence(), storedReason);
    }

    /** Brings readiness in line with the recorded failures (at start, and after batches while there are some). */
    @EventListener(ApplicationReadyEvent.class)
    void refresh() {
        Set<String> open = new HashSet<>();
        jdbc.query("select artifact_id, failed_name, failed_sequence, failure from " + Projector.LIVE_SCHEMA
                + ".event_sequence where failed_sequence is not null", rs -> {
            open.add(rs.getString(1));
            halt(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4));
        });
        halts.halts().stream()
                .filter(halt -> halt.consumer().equals(CONSUMER) && !open.contains(halt.subject())
                        && !halt.subject().equals(ProjectionConfiguration.RETRYING))
                .forEach(halt -> halts.resume(CONSUMER, halt.subject()));
        any = !open.isEmpty();
    }

    /** A batch went through: the consumer is no longer stuck retrying one. */
    void batchApplied() {
        halts.resume(CONSUMER, ProjectionConfiguration.RETRYING);
    }

    /** Whether a failure is recorded (as far as this instance knows). */
    boolean any() {
        return any;
    }

    private void halt(String artifactId, String name, long sequence, String reason) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("name", name);
        details.put("sequence", sequence);
        halts.halt(CONSUMER, artifactId, reason, details);
    }

    /**
     * Whether a failure says nothing about the event: the database is unreachable, or the transaction lost a race
     * (serialization failure, deadlock). Those batches are retried; readiness shows the database.
     */
    static boolean isTransient(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof TransientDataAccessException || cause instanceof RecoverableDataAccessException
                    || cause instanceof CannotGetJdbcConnectionException || cause instanceof SQLTransientException
                    || cause instanceof SQLRecoverableException) {
                return true;
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08") || state.startsWith("40") || state.startsWith("53")
                        || state.startsWith("57") || state.startsWith("58")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A reason for people: the innermost message, without characters a database text cannot hold. */
    static String reason(Throwable failure) {
        Throwable innermost = failure;
        while (innermost.getCause() != null && innermost.getCause() != innermost) {
            innermost = innermost.getCause();
        }
        String message = innermost.getMessage() == null ? innermost.getClass().getSimpleName()
                : innermost.getMessage();
        return CurrentStates.text(innermost.getClass().getSimpleName() + ": " + message);
    }
}
