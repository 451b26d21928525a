package io.portway.query.audit;

import io.portway.events.ArtifactKind;
import io.portway.query.web.Cursors;
import io.portway.query.web.Page;
import io.portway.support.FieldError;
import io.portway.support.PortwayException;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The audit log across all artifacts: every change with {@code occurredAt} in {@code [from, to)}, oldest first,
 * optionally of one artifact name (ports and groups, every incarnation), paged without any cap on the total.
 */
@RestController
class AuditQueryController {

    private final JdbcTemplate jdbc;

    AuditQueryController(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @GetMapping("/api/audit")
    Page<AuditEntry> audit(@RequestParam(required = false) Instant from,
            @RequestParam(required = false) Instant to,
            @RequestParam(required = false) String artifact,
            @RequestParam(required = false) String cursor,
            @RequestParam(defaultValue = "1000") @Min(1) @Max(10000) int limit) {
        if (from != null && to != null && !from.isBefore(to)) {
            throw new PortwayException(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", "from must be before to",
                    List.of(new FieldError("from", "must be before to")));
        }
        StringBuilder sql = new StringBuilder("select h.id, h.occurred_at, h.kind, h.name, h.artifact_id, "
                + "h.sequence, h.type, h.principal, h.correlation_id, h.data::text, p.state::text, h.state::text "
                + "from query.history h left join query.history p "
                + "on p.artifact_id = h.artifact_id and p.sequence = h.sequence - 1 where true");
        List<Object> args = new ArrayList<>();
        if (from != null) {
            sql.append(" and h.occurred_at >= ?");
            args.add(Timestamp.from(from));
        }
        if (to != null) {
            sql.append(" and h.occurred_at < ?");
            args.add(Timestamp.from(to));
        }
        if (artifact != null) {
            sql.append(" and h.name = ?");
            args.add(artifact);
        }
        String[] after = Cursors.decode(cursor, 2);
        if (after != null) {
            sql.append(" and (h.occurred_at, h.id) > (?, ?)");
            try {
                args.add(Timestamp.from(Instant.parse(after[0])));
                args.add(Long.parseLong(after[1]));
            } catch (DateTimeParseException | NumberFormatException e) {
                throw Cursors.invalid();
            }
        }
        sql.append(" order by h.occurred_at, h.id limit ?");
        args.add(limit + 1);
        List<Long> ids = new ArrayList<>();
        List<AuditEntry> entries = jdbc.query(sql.toString(), (rs, row) -> {
            ids.add(rs.getLong(1));
            return new AuditEntry(rs.getTimestamp(2).toInstant(), ArtifactKind.valueOf(rs.getString(3)),
                    rs.getString(4), rs.getString(5), rs.getLong(6), rs.getString(7), rs.getString(8),
                    rs.getString(9), rs.getString(10), rs.getString(11), rs.getString(12));
        }, args.toArray());
        if (entries.size() > limit) {
            AuditEntry last = entries.get(limit - 1);
            return new Page<>(entries.subList(0, limit),
                    Cursors.encode(last.occurredAt().toString(), Long.toString(ids.get(limit - 1))));
        }
        return new Page<>(entries, null);
    }
}
