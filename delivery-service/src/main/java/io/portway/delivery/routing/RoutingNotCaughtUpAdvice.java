package io.portway.delivery.routing;

import io.portway.support.Problems;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * 503 with {@code Retry-After} wherever a request waited at the {@link RoutingBarrier} in vain (a publish, an
 * explanation): nothing was stored, the client sends it again (docs/RULES.md §7). Ahead of the service's general
 * problem handler, which would answer without the header.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class RoutingNotCaughtUpAdvice {

    @ExceptionHandler(RoutingNotCaughtUpException.class)
    ResponseEntity<ProblemDetail> notCaughtUp(RoutingNotCaughtUpException e) {
        return ResponseEntity.status(e.status())
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(RoutingNotCaughtUpException.RETRY_AFTER_SECONDS))
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.of(e));
    }
}
