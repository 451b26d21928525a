package io.portway.console.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.List;

/**
 * A refusal or failure answered by one of the services, read from its RFC 9457 problem+json body: the stable
 * {@code code}, the human {@code detail} (for a refused transition it names the artifact, its state and the rule)
 * and the offending fields.
 */
public class ApiProblem extends RuntimeException {

    /** One offending field as the API names it, e.g. {@code primaryTransport.address}. */
    public record FieldProblem(String field, String message) {
    }

    private final String service;
    private final int status;
    private final String code;
    private final String title;
    private final String detail;
    private final List<FieldProblem> errors;

    public ApiProblem(String service, int status, String code, String title, String detail,
            List<FieldProblem> errors) {
        super(service + " answered " + status + " " + code + ": " + detail);
        this.service = service;
        this.status = status;
        this.code = code;
        this.title = title;
        this.detail = detail;
        this.errors = List.copyOf(errors);
    }

    /** Reads a problem body; a body that is not problem+json still gives a usable message. */
    static ApiProblem read(String service, int status, String statusText, byte[] body, ObjectMapper json) {
        String code = "HTTP_" + status;
        String title = statusText;
        String detail = null;
        List<FieldProblem> errors = new ArrayList<>();
        try {
            JsonNode problem = body.length == 0 ? null : json.readTree(body);
            if (problem != null && problem.isObject()) {
                code = problem.path("code").asText(code);
                title = problem.path("title").asText(title);
                detail = problem.path("detail").isTextual() ? problem.path("detail").asText() : null;
                for (JsonNode error : problem.path("errors")) {
                    errors.add(new FieldProblem(error.path("field").asText(""), error.path("message").asText("")));
                }
            }
        } catch (Exception notJson) {
            // not problem+json: keep the status line
        }
        if (detail == null || detail.isBlank()) {
            detail = title == null || title.isBlank() ? "HTTP " + status : title;
        }
        return new ApiProblem(service, status, code, title, detail, errors);
    }

    public String service() {
        return service;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return detail;
    }

    public List<FieldProblem> errors() {
        return errors;
    }
}
