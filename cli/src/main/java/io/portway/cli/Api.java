package io.portway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The services' HTTP APIs: JSON in and out, HTTP Basic. An error answer becomes {@link Refused} (its problem's
 * {@code code} and {@code detail}), a service that cannot be reached {@link Unreachable}.
 */
final class Api {

    static final ObjectMapper JSON = new ObjectMapper();

    record Services(URI command, URI query, URI delivery) {
    }

    record Credentials(Services services, String user, String password) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Credentials credentials;

    Api(Credentials credentials) {
        this.credentials = credentials;
    }

    URI command() {
        return credentials.services().command();
    }

    URI query() {
        return credentials.services().query();
    }

    URI delivery() {
        return credentials.services().delivery();
    }

    JsonNode get(URI service, String path) {
        return send(service, path, request(service, path).GET());
    }

    JsonNode post(URI service, String path, JsonNode body) {
        return send(service, path, request(service, path).POST(body == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    JsonNode put(URI service, String path, JsonNode body) {
        return put(service, path, body, null);
    }

    /** A PUT that the service refuses (412 VERSION_CONFLICT) unless the artifact is at {@code ifMatch}. */
    JsonNode put(URI service, String path, JsonNode body, Long ifMatch) {
        return send(service, path, ifMatch(request(service, path), ifMatch).PUT(body == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    JsonNode delete(URI service, String path) {
        return delete(service, path, null);
    }

    JsonNode delete(URI service, String path, Long ifMatch) {
        return send(service, path, ifMatch(request(service, path), ifMatch).DELETE());
    }

    private static HttpRequest.Builder ifMatch(HttpRequest.Builder request, Long version) {
        return version == null ? request : request.header("If-Match", "\"" + version + "\"");
    }

    /** Every item of a paged list ({@code {items, next}}), following {@code next} up to {@code max} items. */
    ArrayNode all(URI service, String path, int max) {
        ArrayNode items = JSON.createArrayNode();
        String cursor = null;
        do {
            String page = cursor == null ? path
                    : path + (path.contains("?") ? "&" : "?") + "cursor=" + encode(cursor);
            JsonNode answer = get(service, page);
            for (JsonNode item : answer.path("items")) {
                if (items.size() < max) {
                    items.add(item);
                }
            }
            cursor = answer.path("next").isTextual() ? answer.path("next").asText() : null;
        } while (cursor != null && items.size() < max);
        return items;
    }

    private HttpRequest.Builder request(URI service, String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(service + path))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, application/problem+json");
        if (credentials.user() != null) {
            String basic = credentials.user() + ":" + credentials.password();
            request.header("Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)));
        }
        return request;
    }

    private JsonNode send(URI service, String path, HttpRequest.Builder request) {
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new Unreachable(service, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unreachable(service, e);
        }
        JsonNode body = parse(response.body());
        if (response.statusCode() >= 400) {
            throw Refused.of(response.statusCode(), body, response.request().method() + " " + path);
        }
        return body;
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return NullNode.getInstance();
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return JSON.getNodeFactory().textNode(body);
        }
    }

    /** A path segment or query value, percent-encoded. */
    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A query string of the parameters that have a value ({@code ""} when none has). */
    static String query(Map<String, Object> parameters) {
        List<String> pairs = new ArrayList<>();
        parameters.forEach((name, value) -> {
            if (value != null) {
                pairs.add(name + "=" + encode(value.toString()));
            }
        });
        return pairs.isEmpty() ? "" : "?" + String.join("&", pairs);
    }

    static Map<String, Object> parameters(Object... nameValues) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            parameters.put((String) nameValues[i], nameValues[i + 1]);
        }
        return parameters;
    }

    /** The API answered with an error: exit code 3, its code and detail on stderr. */
    static final class Refused extends RuntimeException {

        final int status;
        final String code;
        final JsonNode problem;

        private Refused(int status, String code, String message, JsonNode problem) {
            super(message);
            this.status = status;
            this.code = code;
            this.problem = problem;
        }

        static Refused of(int status, JsonNode problem, String request) {
            String code = problem.path("code").asText(null);
            if (code == null) {
                code = switch (status) {
                    case 401 -> "UNAUTHORIZED";
                    case 403 -> "FORBIDDEN";
                    case 404 -> "NOT_FOUND";
                    default -> "HTTP_" + status;
                };
            }
            String detail = problem.path("detail").asText(null);
            if (detail == null) {
                detail = problem.isTextual() ? problem.asText() : request + " answered " + status;
            }
            StringBuilder message = new StringBuilder(code).append(": ").append(detail);
            for (JsonNode error : problem.path("errors")) {
                message.append(System.lineSeparator()).append("  ").append(error.path("field").asText())
                        .append(": ").append(error.path("message").asText());
            }
            return new Refused(status, code, message.toString(), problem);
        }
    }

    /** A service could not be reached: exit code 4. */
    static final class Unreachable extends RuntimeException {
        Unreachable(URI service, Exception cause) {
            super("cannot reach " + service + " (" + (cause instanceof java.net.ConnectException
                    ? "connection refused" : cause.getMessage() != null ? cause.getMessage()
                    : cause.getClass().getSimpleName()) + ")", cause);
        }

        Unreachable(String message, Exception cause) {
            super(message, cause);
        }
    }
}
