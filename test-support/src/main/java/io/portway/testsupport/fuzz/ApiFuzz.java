package io.portway.testsupport.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static io.portway.testsupport.fuzz.Values.NOBODY;

/**
 * Bounded, seeded random calls to every public endpoint of a service, for a jqwik {@code @Property} (docs/RULES.md §8,
 * issue 10): the endpoints come from the service's own OpenAPI document; bodies are JSON shaped like the
 * endpoint's request schema with random values mixed in (wrong types, huge and tiny numbers, control characters,
 * long strings), JSON of any shape, deep nesting and garbage; path variables and query parameters get the same
 * kind of values. {@link #assertAnswered} accepts only 2xx, or 4xx with a problem+json body; afterwards
 * {@link #assertReady} and {@link #assertNoThreadStaysBusy} check that the service survived.
 */
public final class ApiFuzz {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    private ApiFuzz() {
    }

    /** One operation of the OpenAPI document. */
    public record Endpoint(String method, String path, List<String> queryParameters, JsonNode bodySchema) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    /** One random call; {@code user} null means no credentials, {@code body} null no body. */
    public record Call(Endpoint endpoint, String user, String path, String query, String contentType,
                       String body) {
        @Override
        public String toString() {
            String shown = body == null ? "(no body)" : body.length() > 400
                    ? body.substring(0, 400) + "…(" + body.length() + " chars)" : body;
            return endpoint.method() + " " + path + (query.isEmpty() ? "" : "?" + query) + " as "
                    + (user == null ? "nobody" : user) + " [" + contentType + "] " + shown;
        }
    }

    /** The service's OpenAPI document ({@code GET /v3/api-docs}). */
    public static JsonNode openApi(URI base) throws IOException, InterruptedException {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(base.resolve("/v3/api-docs"))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("GET /v3/api-docs answered " + answer.statusCode());
        }
        return JSON.readTree(answer.body());
    }

    /** Every operation of the document that {@code include} accepts. */
    public static List<Endpoint> endpoints(JsonNode openApi, Predicate<Endpoint> include) {
        List<Endpoint> endpoints = new ArrayList<>();
        openApi.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            String method = op.getKey().toUpperCase();
            if (!Set.of("GET", "POST", "PUT", "DELETE", "PATCH").contains(method)) {
                return;
            }
            List<String> query = new ArrayList<>();
            for (JsonNode parameter : op.getValue().path("parameters")) {
                if ("query".equals(parameter.path("in").asText())) {
                    query.add(parameter.path("name").asText());
                }
            }
            JsonNode schema = op.getValue().at("/requestBody/content/application~1json/schema");
            Endpoint endpoint = new Endpoint(method, path.getKey(), query, schema.isMissingNode() ? null : schema);
            if (include.test(endpoint)) {
                endpoints.add(endpoint);
            }
        }));
        if (endpoints.isEmpty()) {
            throw new IllegalStateException("the OpenAPI document lists no endpoint to fuzz");
        }
        return endpoints;
    }

    /**
     * Random calls to the endpoints as one of {@code users} (user name = password) or nobody; {@code names} are
     * names of existing artifacts, used now and then for path variables and name fields.
     */
    public static Arbitrary<Call> calls(List<Endpoint> endpoints, JsonNode openApi, List<String> users,
            List<String> names) {
        Arbitrary<String> user = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of(users)),
                Tuple.of(1, Arbitraries.just(NOBODY)));
        return Arbitraries.of(endpoints).flatMap(endpoint -> Combinators.combine(
                user,
                Values.path(endpoint.path(), names),
                Values.query(endpoint.queryParameters()),
                Values.contentType(),
                JsonBodies.body(endpoint, openApi, names)
        ).as((who, path, query, type, body) -> new Call(endpoint, who.equals(NOBODY) ? null : who, path, query,
                type.equals(NOBODY) ? null : type, body.equals(NOBODY) ? null : body)));
    }

    /** Sends a call (30 s timeout: a service that takes longer has a problem the test should see). */
    public static HttpResponse<String> send(URI base, Call call) throws IOException, InterruptedException {
        URI uri = URI.create(base + call.path() + (call.query().isEmpty() ? "" : "?" + call.query()));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .method(call.endpoint().method(), call.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(call.body(), StandardCharsets.UTF_8));
        if (call.contentType() != null) {
            request.header("Content-Type", call.contentType());
        }
        if (call.user() != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (call.user() + ":" + call.user()).getBytes(StandardCharsets.UTF_8)));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Only a success, or a client error answered as problem+json with a {@code code}; a server error only when it
     * is problem+json with one of the {@code documentedServerCodes} (such as the query service's 504
     * {@code NOT_CAUGHT_UP}, its documented answer when a read model has not reached a requested version in time).
     */
    public static void assertAnswered(Call call, HttpResponse<String> response, String... documentedServerCodes) {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return;
        }
        if (status < 400 || status >= 500 && !hasCode(response, documentedServerCodes)) {
            throw new AssertionError("status " + status + " for " + call + "\n  answer: " + shorten(response.body()));
        }
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (!type.startsWith("application/problem+json")) {
            throw new AssertionError("status " + status + " without problem+json (" + type + ") for " + call
                    + "\n  answer: " + shorten(response.body()));
        }
        try {
            if (!JSON.readTree(response.body()).path("code").isTextual()) {
                throw new AssertionError("problem without code for " + call + ": " + shorten(response.body()));
            }
        } catch (IOException e) {
            throw new AssertionError("unreadable problem for " + call + ": " + shorten(response.body()), e);
        }
    }

    private static boolean hasCode(HttpResponse<String> response, String... codes) {
        try {
            String code = JSON.readTree(response.body()).path("code").asText();
            return List.of(codes).contains(code);
        } catch (IOException e) {
            return false;
        }
    }

    /** The service answers its readiness probe with 200. */
    public static void assertReady(URI base) throws IOException, InterruptedException {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(base.resolve("/actuator/health/readiness"))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new AssertionError("not ready after the fuzz: " + answer.statusCode() + " " + answer.body());
        }
    }

    /**
     * No thread of this JVM (where the service under test runs) used more than half a CPU over three seconds: a
     * request that left a loop running would. Measured, so it cannot be polled; a busy thread on a loaded machine
     * may get less than that and go unnoticed, but a quiet service never fails it.
     */
    public static void assertNoThreadStaysBusy() throws InterruptedException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Duration window = Duration.ofSeconds(3);
        Map<Long, Long> before = new HashMap<>();
        for (long id : threads.getAllThreadIds()) {
            before.put(id, threads.getThreadCpuTime(id));
        }
        TimeUnit.MILLISECONDS.sleep(window.toMillis());
        long self = Thread.currentThread().getId();
        List<String> busy = new ArrayList<>();
        for (long id : threads.getAllThreadIds()) {
            long start = before.getOrDefault(id, -1L);
            long now = threads.getThreadCpuTime(id);
            if (id != self && start >= 0 && now >= 0 && now - start > window.toNanos() / 2) {
                ThreadInfo info = threads.getThreadInfo(id, 8);
                busy.add((info == null ? "thread " + id : info.getThreadName()) + " used "
                        + TimeUnit.NANOSECONDS.toMillis(now - start) + " ms of CPU in " + window.toMillis() + " ms"
                        + (info == null ? "" : " at " + List.of(info.getStackTrace())));
            }
        }
        if (!busy.isEmpty()) {
            throw new AssertionError("threads kept a CPU busy after the fuzz:\n  " + String.join("\n  ", busy));
        }
    }

    private static String shorten(String text) {
        return text == null ? "" : text.length() > 600 ? text.substring(0, 600) + "…" : text;
    }
}
