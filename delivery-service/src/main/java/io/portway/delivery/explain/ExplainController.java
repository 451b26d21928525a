package io.portway.delivery.explain;

import io.portway.delivery.message.IncomingMessage;
import io.portway.delivery.message.MessageLimits;
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
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * Explain routing: who would receive this message, and why not the others. Stores and delivers nothing; waits at
 * the routing barrier as a publish does, so a change acknowledged before the request is seen (docs/RULES.md §7).
 */
@RestController
@RequestMapping("/api")
class ExplainController {

    static final String INVALID_AS_OF = "INVALID_AS_OF";

    private final Explanations explanations;
    private final MessageLimits limits;

    ExplainController(Explanations explanations, MessageLimits limits) {
        this.explanations = explanations;
        this.limits = limits;
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
        Instant at = check(limit, asOf);
        byte[] body = limits.decodeBody(request.body(), request.bodyEncoding());
        limits.check(new IncomingMessage(request.id(), request.context(), body, request.contentType()));
        return explanations.explain(request.context(), limit, at);
    }

    /** Would a kept routing failure route now (or at {@code asOf})? Its context explained against that table. */
    @GetMapping("/routing-failures/{id}/explain")
    Explanation explainFailure(@PathVariable String id,
                               @RequestParam(defaultValue = "" + Explainer.DEFAULT_LIMIT) int limit,
                               @RequestParam(required = false) String asOf) {
        Instant at = check(limit, asOf);
        return explanations.ofRoutingFailure(id, limit, at).orElseThrow(() ->
                new PortwayException(HttpStatus.NOT_FOUND, "NOT_FOUND", "no routing failure with id '" + id + "'"));
    }

    /** 503 with {@code Retry-After}: the events could not be read in time. */
    @ExceptionHandler(AsOfTables.Unavailable.class)
    ResponseEntity<ProblemDetail> asOfUnavailable(AsOfTables.Unavailable e) {
        return ResponseEntity.status(e.status())
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(AsOfTables.Unavailable.RETRY_AFTER_SECONDS))
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.of(e));
    }

    /** The limit checked, and {@code asOf} parsed (null = now; blank counts as absent). */
    private static Instant check(int limit, String asOf) {
        if (limit < 1 || limit > Explainer.MAX_LIMIT) {
            throw validation("limit", "must be between 1 and " + Explainer.MAX_LIMIT);
        }
        return asOf(asOf, Instant.now());
    }

    static Instant asOf(String text, Instant now) {
        if (text == null || text.isBlank()) {
            return null;
        }
        Instant instant;
        try {
            instant = OffsetDateTime.parse(text.strip()).toInstant();
        } catch (DateTimeParseException e) {
            throw invalidAsOf("must be an ISO-8601 instant with an offset, e.g. 2026-11-27T10:00:00Z");
        }
        if (instant.isAfter(now)) {
            throw invalidAsOf("must not be in the future");
        }
        return instant;
    }

    private static PortwayException invalidAsOf(String message) {
        return new PortwayException(HttpStatus.BAD_REQUEST, INVALID_AS_OF, "asOf " + message,
                List.of(new FieldError("asOf", message)));
    }

    private static PortwayException validation(String field, String message) {
        return new PortwayException(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", field + " " + message,
                List.of(new FieldError(field, message)));
    }
}
