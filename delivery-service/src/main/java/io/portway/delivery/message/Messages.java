package io.portway.delivery.message;

import io.portway.delivery.instance.InstanceQueries;
import io.portway.delivery.instance.Page;
import io.portway.delivery.instance.ServiceInstanceView;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads the message box: a message as stored with its service instances, and the routing-failure reports. */
@Component
public class Messages {

    private final JdbcTemplate jdbc;
    private final InstanceQueries instances;

    Messages(JdbcTemplate jdbc, InstanceQueries instances) {
        this.jdbc = jdbc;
        this.instances = instances;
    }

    /** A message as stored: context, body (text when it is UTF-8, else base64) and its service instances. */
    record MessageView(String id, Map<String, String> context, String contentType, String body, String bodyEncoding,
                       Instant acceptedAt, List<ServiceInstanceView> instances) {
    }

    /** A routing failure: the message reached no subscriber; kept for inspection, not resumable. */
    record RoutingFailureView(String id, String messageId, String reason, Map<String, String> context,
                              Instant occurredAt, boolean resumable) {
    }

    /** A report and its place in the list, which the next page's cursor names. */
    private record Keyed(RoutingFailureView report, long seq) {
    }

    Optional<MessageView> message(String id) {
        return jdbc.query("select id, context::text, content_type, body, accepted_at from delivery.message"
                + " where id = ?", (rs, n) -> {
                    byte[] body = rs.getBytes(4);
                    String text = utf8(body);
                    return new MessageView(rs.getString(1), instances.context(rs.getString(2)), rs.getString(3),
                            text != null ? text : Base64.getEncoder().encodeToString(body),
                            text != null ? "utf-8" : "base64", rs.getTimestamp(5).toInstant(),
                            instances.ofMessage(id));
                }, id).stream().findFirst();
    }

    /** The context of a kept routing-failure report, if there is one with that id. */
    public Optional<Map<String, String>> routingFailureContext(String id) {
        return jdbc.queryForList("select context::text from delivery.routing_failure where id::text = ?",
                String.class, id).stream().findFirst().map(instances::context);
    }

    /** Routing-failure reports, newest first; {@code limit} is kept within 1..500. */
    Page<RoutingFailureView> routingFailures(String cursor, int limit) {
        int size = Math.max(1, Math.min(limit, 500));
        List<Keyed> rows = jdbc.query("select id, message_id, reason, context::text, occurred_at, seq"
                        + " from delivery.routing_failure where seq < ? order by seq desc limit ?",
                (rs, n) -> new Keyed(new RoutingFailureView(rs.getString(1), rs.getString(2), rs.getString(3),
                        instances.context(rs.getString(4)), rs.getTimestamp(5).toInstant(), false), rs.getLong(6)),
                Page.cursor(cursor), size);
        return Page.of(rows.stream().map(Keyed::report).toList(),
                rows.size() == size ? rows.get(rows.size() - 1).seq() : null);
    }

    private static String utf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
