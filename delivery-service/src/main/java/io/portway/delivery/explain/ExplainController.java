package io.portway.delivery.explain;

import io.portway.delivery.instance.InstanceQueries;
import io.portway.delivery.message.IncomingMessage;
import io.portway.delivery.message.MessageLimits;
import io.portway.delivery.routing.RoutingBarrier;
import io.portway.delivery.routing.RoutingNotCaughtUpException;
import io.portway.delivery.routing.RoutingTable;
import io.portway.support.FieldError;
import io.portway.support.PortwayException;
import io.portway.support.Problems;
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

import java.util.List;
import java.util.Map;

/**
 * Explain routing: who would receive this message, and why not the others. Stores and delivers nothing; waits at
 * the routing barrier as a publish does, so a change acknowledged before the request is seen (docs/RULES.md §7).
 */
@RestController
@RequestMapping("/api")
class ExplainController {

    private final RoutingTable table;
    private final RoutingBarrier barrier;
    private final MessageLimits limits;
    private final InstanceQueries instances;
    private final JdbcTemplate jdbc;

    ExplainController(RoutingTable table, RoutingBarrier barrier, MessageLimits limits, InstanceQueries instances,
                      JdbcTemplate jdbc) {
        this.table = table;
        this.barrier = barrier;
        this.limits = limits;
        this.instances = instances;
        this.jdbc = jdbc;
    }

    /** As a publish's body; {@code body} is optional and only size-checked. */
    record ExplainMessage(
            @Size(min = 1, max = 256) String id,
            Map<@Size(min = 1, max = 256) String, @NotNull String> context,
            String body,
            String bodyEncoding,
            @Size(max = 256) String contentType) {
    }

    @PostMapping("/messages/explain")
    Explanation explain(@Valid @RequestBody ExplainMessage request,
                        @RequestParam(defaultValue = "" + Explainer.DEFAULT_LIMIT) int limit,
                        @RequestParam(required = false) String asOf) {
        check(limit, asOf);
        byte[] body = limits.decodeBody(request.body(), request.bodyEncoding());
        limits.check(new IncomingMessage(request.id(), request.context(), body, request.contentType()));
        barrier.await();
        return Explainer.explain(table, request.context(), limit);
    }

    /** Would a kept routing failure route now? Its context explained against today's table. */
    @GetMapping("/routing-failures/{id}/explain")
    Explanation explainFailure(@PathVariable String id,
                               @RequestParam(defaultValue = "" + Explainer.DEFAULT_LIMIT) int limit) {
        check(limit, null);
        List<String> contexts = jdbc.queryForList("select context::text from delivery.routing_failure where id::text = ?",
                String.class, id);
        if (contexts.isEmpty()) {
            throw new PortwayException(HttpStatus.NOT_FOUND, "NOT_FOUND", "no routing failure with id '" + id + "'");
        }
        barrier.await();
        return Explainer.explain(table, instances.context(contexts.get(0)), limit);
    }

    /** 503 with {@code Retry-After}, as a publish (docs/RULES.md §7). */
    @ExceptionHandler(RoutingNotCaughtUpException.class)
    ResponseEntity<ProblemDetail> notCaughtUp(RoutingNotCaughtUpException e) {
        return ResponseEntity.status(e.status())
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(RoutingNotCaughtUpException.RETRY_AFTER_SECONDS))
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.of(e));
    }

    private static void check(int limit, String asOf) {
        if (limit < 1 || limit > Explainer.MAX_LIMIT) {
            throw validation("limit", "must be between 1 and " + Explainer.MAX_LIMIT);
        }
        if (asOf != null) {
            throw new PortwayException(HttpStatus.BAD_REQUEST, "AS_OF_NOT_SUPPORTED",
                    "asOf is not supported yet: explanations answer against the routing table as it is now",
                    List.of(new FieldError("asOf", "not supported yet")));
        }
    }


    private static PortwayException validation(String field, String message) {
        return new PortwayException(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", field + " " + message,
                List.of(new FieldError(field, message)));
    }
}
