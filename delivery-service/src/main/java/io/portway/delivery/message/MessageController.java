package io.portway.delivery.message;

import io.portway.delivery.instance.InstanceQueries;
import io.portway.delivery.instance.Page;
import io.portway.delivery.instance.ServiceInstanceView;
import io.portway.delivery.routing.RoutingNotCaughtUpException;
import io.portway.support.Problems;
import io.portway.support.PortwayException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

@RestController
@RequestMapping("/api")
class MessageController {

    private final MessageIntake intake;
    private final InstanceQueries instances;
    private final JdbcTemplate jdbc;
    private final MessageLimits limits;

    MessageController(MessageIntake intake, InstanceQueries instances, JdbcTemplate jdbc, MessageLimits limits) {
        this.intake = intake;
        this.instances = instances;
        this.jdbc = jdbc;
        this.limits = limits;
    }

    /** A message to publish; {@code body} is text, or base64 when {@code bodyEncoding} says so. */
    record PublishMessage(
            @Size(min = 1, max = 256) String id,
            Map<@Size(min = 1, max = 256) String, @NotNull String> context,
            @NotNull String body,
            String bodyEncoding,
            @Size(max = 256) String contentType) {
    }

    @PostMapping("/messages")
    ResponseEntity<PublishAnswer> publish(@Valid @RequestBody PublishMessage request) {
        byte[] body = limits.decodeBody(request.body(), request.bodyEncoding());
        IncomingMessage message = new IncomingMessage(request.id(), request.context(), body, request.contentType());
        limits.check(message);
        MessageIntake.IntakeResult outcome = intake.acceptOrRefuse(message);
        return ResponseEntity.status(outcome.duplicate() ? HttpStatus.OK : HttpStatus.ACCEPTED).body(outcome.answer());
    }

    /** 503 with {@code Retry-After}: the message was not stored, the client sends it again (docs/RULES.md §7). */
    @ExceptionHandler(RoutingNotCaughtUpException.class)
    ResponseEntity<ProblemDetail> notCaughtUp(RoutingNotCaughtUpException e) {
        return ResponseEntity.status(e.status())
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(RoutingNotCaughtUpException.RETRY_AFTER_SECONDS))
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.of(e));
    }

    /** A message as stored: context, body (text when it is UTF-8, else base64) and its service instances. */
    record MessageView(String id, Map<String, String> context, String contentType, String body, String bodyEncoding,
                       Instant acceptedAt, List<ServiceInstanceView> instances) {
    }

    @GetMapping("/messages/{id}")
    MessageView message(@PathVariable String id) {
        List<MessageView> found = jdbc.query("select id, context::text, content_type, body, accepted_at "
                + "from delivery.message where id = ?", (rs, n) -> {
                    byte[] body = rs.getBytes(4);
                    String text = utf8(body);
                    return new MessageView(rs.getString(1), instances.context(rs.getString(2)), rs.getString(3),
                            text != null ? text : Base64.getEncoder().encodeToString(body),
                            text != null ? "utf-8" : "base64", rs.getTimestamp(5).toInstant(),
                            instances.ofMessage(id));
                }, id);
        if (found.isEmpty()) {
            throw new PortwayException(HttpStatus.NOT_FOUND, "NOT_FOUND", "no message with id '" + id + "'");
        }
        return found.get(0);
    }

    /** A routing failure: the message reached no subscriber; kept for inspection, not resumable. */
    record RoutingFailureView(String id, String messageId, String reason, Map<String, String> context,
                              Instant occurredAt, boolean resumable) {
    }

    @GetMapping("/routing-failures")
    Page<RoutingFailureView> routingFailures(@RequestParam(required = false) String cursor,
                                             @RequestParam(defaultValue = "50") int limit) {
        long before = Page.cursor(cursor);
        int size = Math.max(1, Math.min(limit, 500));
        List<long[]> seqs = new java.util.ArrayList<>();
        List<RoutingFailureView> items = jdbc.query("select id, message_id, reason, context::text, occurred_at, seq "
                        + "from delivery.routing_failure where seq < ? order by seq desc limit ?",
                (rs, n) -> {
                    seqs.add(new long[]{rs.getLong(6)});
                    return new RoutingFailureView(rs.getString(1), rs.getString(2), rs.getString(3),
                            instances.context(rs.getString(4)), rs.getTimestamp(5).toInstant(), false);
                }, before, size);
        return Page.of(items, items.size() == size ? seqs.get(seqs.size() - 1)[0] : null);
    }



    private static String utf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(body)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return null;
        }
    }
}
