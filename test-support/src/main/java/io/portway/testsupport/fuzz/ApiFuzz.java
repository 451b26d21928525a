package io.portway.testsupport.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
    /** Stands for "none" among generated values (jqwik arbitraries do not hold null). */
    private static final String NOBODY = "\u0000none\u0000";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern VARIABLE = Pattern.compile("\\{([^}]+)}");
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
                path(endpoint.path(), names),
                query(endpoint.queryParameters()),
                contentType(),
                body(endpoint, openApi, names)
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

    // ---- values

    private static Arbitrary<String> contentType() {
        return Arbitraries.frequency(
                Tuple.of(12, "application/json"),
                Tuple.of(1, "text/plain"),
                Tuple.of(1, "application/xml"),
                Tuple.of(1, NOBODY));
    }

    private static Arbitrary<String> path(String template, List<String> names) {
        Matcher matcher = VARIABLE.matcher(template);
        List<String> parts = new ArrayList<>();
        int last = 0;
        int variables = 0;
        while (matcher.find()) {
            parts.add(template.substring(last, matcher.start()));
            parts.add(null);
            variables++;
            last = matcher.end();
        }
        parts.add(template.substring(last));
        if (variables == 0) {
            return Arbitraries.just(template);
        }
        return pathSegment(names).list().ofSize(variables).map(values -> {
            StringBuilder path = new StringBuilder();
            Iterator<String> value = values.iterator();
            for (String part : parts) {
                path.append(part == null ? URLEncoder.encode(value.next(), StandardCharsets.UTF_8)
                        .replace("+", "%20") : part);
            }
            return path.toString();
        });
    }

    private static Arbitrary<String> pathSegment(List<String> names) {
        return Arbitraries.frequencyOf(
                Tuple.of(4, simpleName()),
                Tuple.of(names.isEmpty() ? 0 : 4, names.isEmpty() ? simpleName() : Arbitraries.of(names)),
                Tuple.of(2, anyText(64)),
                Tuple.of(1, Arbitraries.strings().alpha().ofLength(300)),
                Tuple.of(1, Arbitraries.of("", " ", ".", "..", "%", "\u0000", "a/b", "-1", "1e999999999")));
    }

    private static Arbitrary<String> query(List<String> parameters) {
        if (parameters.isEmpty()) {
            return Arbitraries.frequency(Tuple.of(4, ""), Tuple.of(1, "x=%00&limit=-1"));
        }
        Arbitrary<Optional<String>> one = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just(Optional.<String>empty())),
                Tuple.of(4, queryValue().map(Optional::of)));
        return one.list().ofSize(parameters.size()).map(values -> {
            StringBuilder query = new StringBuilder();
            for (int i = 0; i < parameters.size(); i++) {
                if (values.get(i).isPresent()) {
                    query.append(query.isEmpty() ? "" : "&").append(URLEncoder.encode(parameters.get(i),
                            StandardCharsets.UTF_8)).append('=').append(URLEncoder.encode(values.get(i).get(),
                            StandardCharsets.UTF_8));
                }
            }
            return query.toString();
        });
    }

    private static Arbitrary<String> queryValue() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.integers().between(-5, 20).map(String::valueOf)),
                Tuple.of(2, Arbitraries.of("2026-01-01T00:00:00Z", "1970-01-01T00:00:00Z", "+999999999-12-31T23:59:59Z",
                        "2026-13-45T99:99:99Z", "P1D", "now", "true", "Started", "Bound", "FILE", "HTTP")),
                Tuple.of(2, hugeNumberText()),
                Tuple.of(2, anyText(64)),
                Tuple.of(1, simpleName()),
                Tuple.of(1, Arbitraries.strings().alpha().ofLength(5000)));
    }

    private static Arbitrary<String> simpleName() {
        return Arbitraries.strings().withChars("abcfz-.").ofMinLength(1).ofMaxLength(6).map(s -> "fz" + s);
    }

    /** Any characters, control characters and surrogates included, up to {@code max} long. */
    private static Arbitrary<String> anyText(int max) {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.strings().all().ofMaxLength(max)),
                Tuple.of(2, Arbitraries.strings().withCharRange('\u0000', '\u001f').withChars("a \u007f\u2028é😀")
                        .ofMaxLength(max)),
                Tuple.of(1, Arbitraries.strings().ascii().ofMaxLength(max)));
    }

    private static Arbitrary<String> hugeNumberText() {
        return Arbitraries.of("1e999999999", "-1e999999999", "1e-999999999", "9".repeat(400),
                "0." + "0".repeat(400) + "1", String.valueOf(Long.MAX_VALUE), "9223372036854775808",
                String.valueOf(Integer.MIN_VALUE), "-0", "NaN", "Infinity", "0x10", "1_000");
    }

    private static Arbitrary<String> body(Endpoint endpoint, JsonNode openApi, List<String> names) {
        Arbitrary<String> shaped = endpoint.bodySchema() == null ? anyJson(3).map(ApiFuzz::write)
                : fromSchema(endpoint.bodySchema(), openApi, names, 0).map(ApiFuzz::write);
        return Arbitraries.frequencyOf(
                Tuple.of(8, shaped),
                Tuple.of(3, anyJson(4).map(ApiFuzz::write)),
                Tuple.of(1, deepNesting()),
                Tuple.of(1, Arbitraries.of("", "{", "]", "{\"a\":1,}", "nul", "\"\\ud800\"", "{\"a\":1e999999999}",
                        "{\"name\":\"x\" \"b\":2}", "\u0000", "[" + "1,".repeat(20_000) + "1]")),
                Tuple.of(1, Arbitraries.just(NOBODY)));
    }

    private static Arbitrary<String> deepNesting() {
        return Arbitraries.integers().between(50, 5000).flatMap(depth -> Arbitraries.of(
                "[".repeat(depth) + "]".repeat(depth),
                "{\"a\":".repeat(depth) + "1" + "}".repeat(depth),
                "{\"filter\":" + "[".repeat(depth) + "]".repeat(depth) + "}"));
    }

    /** JSON of any shape, nested at most {@code depth} levels. */
    private static Arbitrary<JsonNode> anyJson(int depth) {
        return Arbitraries.recursive(ApiFuzz::scalar, inner -> Arbitraries.oneOf(
                inner.list().ofMaxSize(6).map(ApiFuzz::array),
                Arbitraries.maps(anyText(12), inner).ofMaxSize(6).map(ApiFuzz::object)), 0, depth);
    }

    private static Arbitrary<JsonNode> scalar() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, text(anyText(40))),
                Tuple.of(1, text(Arbitraries.strings().all().ofMinLength(5_000).ofMaxLength(100_000))),
                Tuple.of(2, Arbitraries.longs().map(l -> (JsonNode) LongNode.valueOf(l))),
                Tuple.of(2, hugeNumberText().filter(ApiFuzz::isNumber)
                        .map(text -> (JsonNode) DecimalNode.valueOf(new BigDecimal(text)))),
                Tuple.of(1, Arbitraries.<JsonNode>of(BooleanNode.TRUE, BooleanNode.FALSE, NullNode.getInstance())));
    }

    private static Arbitrary<JsonNode> text(Arbitrary<String> strings) {
        return strings.map(value -> (JsonNode) TextNode.valueOf(value));
    }

    private static boolean isNumber(String text) {
        try {
            new BigDecimal(text);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** JSON shaped by an OpenAPI schema, each value now and then replaced by anything. */
    private static Arbitrary<JsonNode> fromSchema(JsonNode schema, JsonNode openApi, List<String> names,
            int depth) {
        JsonNode resolved = resolve(schema, openApi);
        Arbitrary<JsonNode> typed = typed(resolved, openApi, names, depth);
        return Arbitraries.frequencyOf(Tuple.of(6, typed), Tuple.of(1, anyJson(2)));
    }

    private static Arbitrary<JsonNode> typed(JsonNode schema, JsonNode openApi, List<String> names, int depth) {
        if (depth > 6) {
            return scalar();
        }
        if (schema.has("enum")) {
            List<JsonNode> values = new ArrayList<>();
            schema.get("enum").forEach(values::add);
            return Arbitraries.frequencyOf(Tuple.of(5, Arbitraries.of(values)), Tuple.of(1, text(anyText(10))));
        }
        String type = schema.path("type").asText(schema.has("properties") ? "object" : "");
        switch (type) {
            case "object": {
                if (!schema.has("properties")) {
                    JsonNode values = schema.path("additionalProperties");
                    Arbitrary<JsonNode> value = values.isObject()
                            ? fromSchema(values, openApi, names, depth + 1) : anyJson(2);
                    Arbitrary<String> key = Arbitraries.frequencyOf(
                            Tuple.of(4, Arbitraries.of("username", "password", "token", "signingSecret",
                                    "contentType", "apiKey", "header")),
                            Tuple.of(2, anyText(20)));
                    return Arbitraries.frequencyOf(
                            Tuple.of(6, Arbitraries.maps(key, value).ofMaxSize(5)),
                            Tuple.of(1, Arbitraries.maps(simpleName(), value).ofMinSize(45).ofMaxSize(60)))
                            .map(ApiFuzz::object);
                }
                List<String> keys = new ArrayList<>();
                List<Arbitrary<Optional<JsonNode>>> values = new ArrayList<>();
                schema.get("properties").fields().forEachRemaining(property -> {
                    keys.add(property.getKey());
                    Arbitrary<JsonNode> value = property.getKey().equals("name") && !names.isEmpty()
                            ? Arbitraries.frequencyOf(Tuple.of(3, text(simpleName())),
                            Tuple.of(1, text(Arbitraries.of(names))),
                            Tuple.of(1, fromSchema(property.getValue(), openApi, names, depth + 1)))
                            : fromSchema(property.getValue(), openApi, names, depth + 1);
                    values.add(Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.just(Optional.<JsonNode>empty())),
                            Tuple.of(5, value.map(Optional::of))));
                });
                Arbitrary<Map<String, JsonNode>> extra = Arbitraries.maps(anyText(10), scalar()).ofMaxSize(1);
                return Combinators.combine(Combinators.combine(values).as(list -> list), extra,
                        Arbitraries.integers().between(0, 9)).as((present, unknown, dice) -> {
                    ObjectNode object = NODES.objectNode();
                    for (int i = 0; i < keys.size(); i++) {
                        present.get(i).ifPresent(keyValue(object, keys.get(i)));
                    }
                    if (dice == 0) {
                        unknown.forEach(object::set);
                    }
                    return object;
                });
            }
            case "array": {
                Arbitrary<JsonNode> item = fromSchema(schema.path("items"), openApi, names, depth + 1);
                return Arbitraries.frequencyOf(
                        Tuple.of(8, item.list().ofMaxSize(4)),
                        Tuple.of(1, item.list().ofMinSize(95).ofMaxSize(110))).map(ApiFuzz::array);
            }
            case "integer":
            case "number":
                return Arbitraries.frequencyOf(
                        Tuple.of(5, Arbitraries.integers().between(-2, 12).map(i -> (JsonNode) LongNode.valueOf(i))),
                        Tuple.of(2, scalar()));
            case "boolean":
                return Arbitraries.<JsonNode>of(BooleanNode.TRUE, BooleanNode.FALSE, NullNode.getInstance());
            case "string": {
                String format = schema.path("format").asText("");
                Arbitrary<String> plausible = switch (format) {
                    case "date-time" -> Arbitraries.of("2026-01-01T00:00:00Z", "1970-01-01T00:00:00Z", "tomorrow");
                    case "duration" -> Arbitraries.of("PT30S", "P365D", "P366D", "-PT1S", "PT99999999999H");
                    default -> Arbitraries.frequencyOf(Tuple.of(4, simpleName()),
                            Tuple.of(2, Arbitraries.of("file:///tmp/out/%MessageID%.xml", "http://127.0.0.1:1/x",
                                    "https://example.com/in", "kafka://orders", "kafka://portway.messages",
                                    "https://u:p@example.com/", "==", "exists", "12:00", "Europe/Amsterdam")),
                            Tuple.of(2, anyText(80)),
                            Tuple.of(1, Arbitraries.strings().all().ofMinLength(257).ofMaxLength(5000)));
                };
                return text(plausible);
            }
            default:
                return anyJson(2);
        }
    }

    private static java.util.function.Consumer<JsonNode> keyValue(ObjectNode object, String key) {
        return value -> object.set(key, value);
    }

    private static JsonNode resolve(JsonNode schema, JsonNode openApi) {
        Set<String> seen = new LinkedHashSet<>();
        JsonNode current = schema;
        while (current.has("$ref") && seen.add(current.get("$ref").asText())) {
            String ref = current.get("$ref").asText();
            current = openApi.at(ref.startsWith("#") ? ref.substring(1) : ref);
        }
        if (current.has("allOf") && current.get("allOf").size() == 1) {
            return resolve(current.get("allOf").get(0), openApi);
        }
        if (current.has("oneOf") && current.get("oneOf").size() > 0) {
            return resolve(current.get("oneOf").get(0), openApi);
        }
        return current;
    }

    private static JsonNode array(List<JsonNode> items) {
        ArrayNode array = NODES.arrayNode();
        items.forEach(array::add);
        return array;
    }

    private static JsonNode object(Map<String, JsonNode> fields) {
        ObjectNode object = NODES.objectNode();
        fields.forEach(object::set);
        return object;
    }

    private static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String shorten(String text) {
        return text == null ? "" : text.length() > 600 ? text.substring(0, 600) + "…" : text;
    }
}
