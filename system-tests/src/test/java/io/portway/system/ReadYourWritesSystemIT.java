package io.portway.system;

import com.fasterxml.jackson.databind.JsonNode;
import io.portway.stack.PortwayStack;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/RULES.md §7 through the three real services: once a start, stop or group start has answered 2xx, a message
 * published at once (no pause, no retry) is routed by it, every time.
 */
@org.junit.jupiter.api.extension.ExtendWith(SharedStack.class)
class ReadYourWritesSystemIT {

    private static final int REPEAT = 20;

    @TempDir
    static Path data;

    static PortwayStack stack;
    static Api admin;
    static Api operator;
    static Api publisher;
    static Path out;

    @BeforeAll
    static void startTheSystem() throws Exception {
        stack = SharedStack.stack();
        admin = Api.of(stack.serviceUrl("port-command-service").orElseThrow(), "admin");
        operator = Api.of(stack.serviceUrl("port-command-service").orElseThrow(), "operator");
        publisher = Api.of(stack.serviceUrl("delivery-service").orElseThrow(), "publisher");
        out = Files.createDirectories(data.resolve("out"));
    }

    @Test
    void a_message_published_right_after_a_start_stop_or_group_start_is_routed_by_it() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String port = "Ryw.Port." + suffix;
        String member = "Ryw.Member." + suffix;
        String group = "Ryw.Group." + suffix;
        assertThat(admin.post("/api/send-ports", portOf(port, out.resolve("direct"),
                filter("Ryw.Direct", suffix))).status()).isEqualTo(201);
        assertThat(admin.post("/api/send-ports", portOf(member, out.resolve("member"), "[]")).status())
                .isEqualTo(201);
        assertThat(admin.post("/api/send-port-groups", """
                {"name":"%s","application":"ReadYourWrites","sendPorts":["%s"],"filter":%s}"""
                .formatted(group, member, filter("Ryw.Group", suffix))).status()).isEqualTo(201);
        assertThat(operator.post("/api/send-ports/" + member + "/start", "").status()).isEqualTo(200);

        for (int i = 0; i < REPEAT; i++) {
            assertThat(operator.post("/api/send-ports/" + port + "/start", "").status()).isEqualTo(200);
            assertThat(routeOf(publish("Ryw.Direct", suffix), port)).as("after start, round " + i)
                    .isEqualTo("ReadyToRun");
            assertThat(operator.post("/api/send-ports/" + port + "/stop", "").status()).isEqualTo(200);
            assertThat(routeOf(publish("Ryw.Direct", suffix), port)).as("after stop, round " + i)
                    .isEqualTo("Suspended");

            assertThat(operator.post("/api/send-port-groups/" + group + "/start", "").status()).isEqualTo(200);
            assertThat(routeOf(publish("Ryw.Group", suffix), member)).as("after group start, round " + i)
                    .isEqualTo("ReadyToRun");
            assertThat(operator.post("/api/send-port-groups/" + group + "/stop", "").status()).isEqualTo(200);
            assertThat(routeOf(publish("Ryw.Group", suffix), member)).as("after group stop, round " + i)
                    .isEqualTo("Suspended");
        }
    }

    private static String filter(String property, String value) {
        return "[[{\"property\":\"%s\",\"operator\":\"==\",\"value\":\"%s\"}]]".formatted(property, value);
    }

    /** One publish, no retry: it must be routed (202) by every change answered before. */
    private static JsonNode publish(String property, String value) {
        Api.Answer answer = publisher.post("/api/messages", """
                {"id":"%s","context":{"%s":"%s"},"body":"<order/>","contentType":"application/xml"}"""
                .formatted("m-" + UUID.randomUUID(), property, value));
        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(202);
        return answer.body();
    }

    private static String routeOf(JsonNode answer, String port) {
        for (JsonNode route : answer.get("routes")) {
            if (route.get("sendPort").asText().equals(port)) {
                return route.get("status").asText();
            }
        }
        return "no route to " + port + " in " + answer;
    }

    /** A port of this class's own application: the system ITs share one running system. */
    private static String portOf(String name, Path out, String filter) {
        return PortwaySystemIT.port(name, out, filter).replace("\"application\":\"Orders\"",
                "\"application\":\"ReadYourWrites\"");
    }
}
