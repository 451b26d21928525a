package io.portway.support;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Applies each artifact's events exactly once and in order (ARCHITECTURE.md §3). A consumer asks
 * {@link #check(String, long)} inside the transaction that would change its read model: the next sequence is
 * {@link Decision#APPLY}, an old one a {@link Decision#DUPLICATE} to skip, a later one a {@link Decision#GAP}
 * that must not be applied. After applying, {@link #applied(String, long)} records the sequence in the same
 * transaction. Gaps are counted ({@code portway.events.gaps}) and turn the health DOWN until the missing events
 * arrive.
 *
 * <p>The table is the consumer's own: {@code (artifact_id varchar(64) primary key, last_sequence bigint not null)}.
 */
public class EventSequenceGuard implements HealthIndicator {

    public enum Decision { APPLY, DUPLICATE, GAP }

    private static final Logger log = LoggerFactory.getLogger(EventSequenceGuard.class);
    private static final Pattern TABLE = Pattern.compile("[a-z_][a-z0-9_]*(\\.[a-z_][a-z0-9_]*)?");

    private final JdbcTemplate jdbc;
    private final String table;
    private final Counter gaps;
    private final ConcurrentHashMap<String, String> openGaps = new ConcurrentHashMap<>();

    public EventSequenceGuard(JdbcTemplate jdbc, String table, MeterRegistry meters) {
        if (!TABLE.matcher(table).matches()) {
            throw new IllegalArgumentException("not a table name: " + table);
        }
        this.jdbc = jdbc;
        this.table = table;
        this.gaps = Counter.builder("portway.events.gaps")
                .description("events that arrived after a missing one of the same artifact")
                .register(meters);
        meters.gauge("portway.events.open.gaps", openGaps, ConcurrentHashMap::size);
    }

    /** Decides what to do with an artifact's event; locks the artifact's row until the transaction ends. */
    public Decision check(String artifactId, long sequence) {
        List<Long> last = jdbc.queryForList(
                "select last_sequence from " + table + " where artifact_id = ? for update", Long.class, artifactId);
        return decide(artifactId, last.isEmpty() ? 1 : last.get(0) + 1, sequence);
    }

    /**
     * The guard for a batch of events applied in one transaction: the artifacts' rows are read and locked in one
     * statement (in artifact order, so concurrent batches cannot deadlock), each event is decided against the
     * sequences the batch has reached so far, and {@link Batch#record()} writes the last applied sequences in one
     * round trip. Decisions are the same as {@link #check}/{@link #applied} one event at a time.
     */
    public Batch batch(Collection<String> artifactIds) {
        Map<String, Long> last = new HashMap<>();
        if (!artifactIds.isEmpty()) {
            jdbc.query("select artifact_id, last_sequence from " + table + " where artifact_id = any(?)"
                            + " order by artifact_id for update",
                    (RowCallbackHandler) rs -> last.put(rs.getString(1), rs.getLong(2)),
                    (Object) artifactIds.stream().distinct().toArray(String[]::new));
        }
        return new Batch(last);
    }

    /** See {@link #batch}. */
    public final class Batch {

        private final Map<String, Long> last;
        private final Map<String, Long> applied = new LinkedHashMap<>();

        private Batch(Map<String, Long> last) {
            this.last = last;
        }

        public Decision check(String artifactId, long sequence) {
            return decide(artifactId, last.getOrDefault(artifactId, 0L) + 1, sequence);
        }

        public void applied(String artifactId, long sequence) {
            last.put(artifactId, sequence);
            applied.put(artifactId, sequence);
        }

        /** Writes the sequences this batch applied, in the batch's transaction. */
        public void record() {
            if (applied.isEmpty()) {
                return;
            }
            jdbc.batchUpdate("insert into " + table + " (artifact_id, last_sequence) values (?, ?) "
                            + "on conflict (artifact_id) do update set last_sequence = excluded.last_sequence",
                    applied.entrySet(), applied.size(), (statement, entry) -> {
                        statement.setString(1, entry.getKey());
                        statement.setLong(2, entry.getValue());
                    });
            applied.keySet().forEach(openGaps::remove);
        }
    }

    private Decision decide(String artifactId, long expected, long sequence) {
        if (sequence < expected) {
            return Decision.DUPLICATE;
        }
        if (sequence > expected) {
            if (openGaps.put(artifactId, expected + ".." + (sequence - 1)) == null) {
                gaps.increment();
            }
            log.warn("gap in the events of artifact {}: expected sequence {}, got {}", artifactId, expected,
                    sequence);
            return Decision.GAP;
        }
        return Decision.APPLY;
    }

    /** Records that the artifact's event with this sequence was applied. */
    public void applied(String artifactId, long sequence) {
        jdbc.update("insert into " + table + " (artifact_id, last_sequence) values (?, ?) "
                + "on conflict (artifact_id) do update set last_sequence = excluded.last_sequence",
                artifactId, sequence);
        openGaps.remove(artifactId);
    }

    /** The last applied sequence of an artifact, 0 if none. */
    public long lastSequence(String artifactId) {
        List<Long> last = jdbc.queryForList("select last_sequence from " + table + " where artifact_id = ?",
                Long.class, artifactId);
        return last.isEmpty() ? 0 : last.get(0);
    }

    public boolean hasGap() {
        return !openGaps.isEmpty();
    }

    @Override
    public Health health() {
        return hasGap()
                ? Health.down().withDetail("missingEvents", Map.copyOf(openGaps)).build()
                : Health.up().build();
    }
}
