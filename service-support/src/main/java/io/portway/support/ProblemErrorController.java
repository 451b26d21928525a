package io.portway.support;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/**
 * {@code /error}, where the container forwards what ended in {@code sendError} outside Spring MVC (e.g. a request
 * Spring Security's firewall rejects): problem+json like every other refusal, in place of Spring Boot's
 * {@code {timestamp, status, error, path}}. Never quotes the request or an exception.
 */
@RestController
class ProblemErrorController implements ErrorController {

    @RequestMapping("${server.error.path:${error.path:/error}}")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer value && HttpStatus.resolve(value) != null
                ? HttpStatus.valueOf(value) : HttpStatus.INTERNAL_SERVER_ERROR;
        String problem = switch (status) {
            case BAD_REQUEST -> ProblemHandler.VALIDATION_FAILED;
            case UNAUTHORIZED, FORBIDDEN, NOT_FOUND, METHOD_NOT_ALLOWED -> status.name();
            default -> status.is5xxServerError() ? "INTERNAL_ERROR" : status.name();
        };
        String detail = status == HttpStatus.BAD_REQUEST ? "the request was refused before it reached the service:"
                + " its URL or headers are malformed or not allowed (e.g. encoded control characters or slashes)"
                : status.getReasonPhrase();
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.of(status, problem, detail, List.of()));
    }
}
