package io.portway.query.audit;

import io.portway.events.ArtifactKind;
import io.portway.query.web.ListQuery;
import io.portway.query.web.Page;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

/**
 * The audit log across all artifacts: every change with {@code occurredAt} in {@code [from, to)}, oldest first,
 * optionally of one artifact name (ports and groups, every incarnation), with the state before and after it.
 */
@Component
class AuditLog {

    private final JdbcTemplate jdbc;

    AuditLog(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Page<AuditEntry> changes(Instant from, Instant to, String artifact, String cursor, int limit) {
        return ListQuery.from("select h.id, h.occurred_at, h.kind, h.name, h.artifact_id, h.sequence, h.type, "
                        + "h.principal, h.correlation_id, h.data::text, p.state::text, h.state::text "
                        + "from query.history h left join query.history p "
                        + "on p.artifact_id = h.artifact_id and p.sequence = h.sequence - 1")
                .and("h.occurred_at >= ?", from == null ? null : Timestamp.from(from))
                .and("h.occurred_at < ?", to == null ? null : Timestamp.from(to))
                .and("h.name = ?", artifact)
                .after("(h.occurred_at, h.id) > (?, ?)", cursor, 2,
                        keys -> List.of(Timestamp.from(Instant.parse(keys[0])), Long.parseLong(keys[1])))
                .page(jdbc, "h.occurred_at, h.id", limit, (rs, row) -> {
                    AuditEntry entry = new AuditEntry(rs.getTimestamp(2).toInstant(),
                            ArtifactKind.valueOf(rs.getString(3)), rs.getString(4), rs.getString(5), rs.getLong(6),
                            rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11),
                            rs.getString(12));
                    return new ListQuery.Keyed<>(entry, entry.occurredAt().toString(), Long.toString(rs.getLong(1)));
                });
    }
}
