package io.portway.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.json.ProblemDetailJacksonMixin;

import java.net.URI;
import java.util.List;

/** Builds the problem+json bodies of every Portway service. */
public final class Problems {

    public static final String TYPE_BASE = "https://portway.io/problems/";

    /** For the answers written outside Spring MVC's message converters (filters, security, Tomcat's error valve). */
    private static final ObjectMapper JSON = new ObjectMapper()
            .addMixIn(ProblemDetail.class, ProblemDetailJacksonMixin.class);

    private Problems() {
    }

    public static ProblemDetail of(HttpStatusCode status, String code, String detail, List<FieldError> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_BASE + code.toLowerCase().replace('_', '-')));
        problem.setProperty("code", code);
        if (!errors.isEmpty()) {
            problem.setProperty("errors", errors);
        }
        return problem;
    }

    public static ProblemDetail of(PortwayException exception) {
        return of(exception.status(), exception.code(), exception.detail(), exception.errors());
    }

    /** The problem+json text of {@code problem}, as Spring MVC would write it. */
    public static String toJson(ProblemDetail problem) {
        try {
            return JSON.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("a problem that cannot be written as JSON", e);
        }
    }
}
