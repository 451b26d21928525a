package io.portway.delivery.instance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.portway.messaging.PortwayJackson;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Reads of the message box. */
@Component
public class InstanceQueries {

    static final String COLUMNS = "id, message_id, send_port, via, status, reason, attempts, attempt_log::text, "
            + "transport, resubmissions, resubmitted_from, resubmitted_to, last_error, priority, accepted_at, "
            + "created_at, updated_at, due_at, completed_at, seq";

    private final JdbcTemplate jdbc;
    private final ObjectMapper json = PortwayJackson.newObjectMapper();

    InstanceQueries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** When the oldest instance still held by a stopped port or group was accepted; empty when none is held. */
    Optional<Instant> oldestHeld() {
        return Optional.ofNullable(jdbc.queryForObject("select min(accepted_at) from delivery.service_instance "
                        + "where status = ? and reason in (?, ?)", java.sql.Timestamp.class,
                InstanceStatus.Suspended.name(), InstanceReason.PORT_STOPPED.name(),
                InstanceReason.GROUP_STOPPED.name())).map(java.sql.Timestamp::toInstant);
    }

    public List<ServiceInstanceView> ofMessage(String messageId) {
        return jdbc.query("select " + COLUMNS + " from delivery.service_instance where message_id = ? order by seq",
                view(), messageId);
    }

    public Optional<ServiceInstanceView> find(UUID id) {
        return jdbc.query("select " + COLUMNS + " from delivery.service_instance where id = ?", view(), id)
                .stream().findFirst();
    }

    /** Instances newest first, optionally by port, status and accept time range. */
    public Page<ServiceInstanceView> list(String sendPort, String status, Instant from, Instant to, String cursor,
                                          int limit) {
        StringBuilder sql = new StringBuilder("select " + COLUMNS + " from delivery.service_instance where seq < ?");
        List<Object> args = new ArrayList<>();
        args.add(Page.cursor(cursor));
        if (sendPort != null) {
            sql.append(" and send_port = ?");
            args.add(sendPort);
        }
        if (status != null) {
            sql.append(" and status = ?");
            args.add(status);
        }
        if (from != null) {
            sql.append(" and accepted_at >= ?");
            args.add(Timestamp.from(from));
        }
        if (to != null) {
            sql.append(" and accepted_at < ?");
            args.add(Timestamp.from(to));
        }
        int size = Math.max(1, Math.min(limit, 500));
        sql.append(" order by seq desc limit ?");
        args.add(size);
        List<long[]> positions = new ArrayList<>();
        RowMapper<ServiceInstanceView> view = view();
        List<ServiceInstanceView> items = jdbc.query(sql.toString(), (rs, n) -> {
            positions.add(new long[]{rs.getLong("seq")});
            return view.mapRow(rs, n);
        }, args.toArray());
        return Page.of(items, items.size() == size ? positions.get(positions.size() - 1)[0] : null);
    }

    public Map<String, String> context(String contextJson) {
        try {
            return json.readValue(contextJson, new TypeReference<Map<String, String>>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable context", e);
        }
    }

    RowMapper<ServiceInstanceView> view() {
        return (rs, n) -> new ServiceInstanceView(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getInt(7), attempts(rs.getString(8)), rs.getString(9),
                rs.getInt(10), rs.getString(11), rs.getString(12), rs.getString(13), rs.getInt(14),
                instant(rs.getTimestamp(15)), instant(rs.getTimestamp(16)), instant(rs.getTimestamp(17)),
                instant(rs.getTimestamp(18)), instant(rs.getTimestamp(19)));
    }

    private List<Attempt> attempts(String log) {
        try {
            return json.readValue(log, new TypeReference<List<Attempt>>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable attempt log", e);
        }
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
