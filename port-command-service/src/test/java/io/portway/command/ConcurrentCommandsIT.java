package io.portway.command;

import io.portway.testsupport.WithPortwayInfrastructure;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Commands racing each other: never do two win where only one may. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@WithPortwayInfrastructure
class ConcurrentCommandsIT {

    @LocalServerPort
    int port;

    Api api() {
        return new Api("http://localhost:" + port, "admin");
    }

    @RepeatedTest(5)
    void twoStartsOfTheSamePortAtOnce_oneWins_theOtherIsAnInvalidTransition() {
        String name = "race-" + UUID.randomUUID();
        assertThat(api().post("/api/send-ports", Api.staticPort(name)).getStatusCode().value()).isEqualTo(201);

        List<ResponseEntity<Map>> answers = race(
                () -> api().post("/api/send-ports/" + name + "/start", ""),
                () -> api().post("/api/send-ports/" + name + "/start", ""));

        assertThat(answers).extracting(a -> a.getStatusCode().value()).containsExactlyInAnyOrder(200, 409);
        assertThat(answers).filteredOn(a -> a.getStatusCode().value() == 409)
                .extracting(a -> a.getBody().get("code")).containsExactly("INVALID_TRANSITION");
        assertThat(api().call(HttpMethod.GET, "/api/send-ports/" + name, null, Map.of()).getBody())
                .containsEntry("status", "Started").containsEntry("version", 3);
    }

    @RepeatedTest(5)
    void twoUpdatesWithTheSameIfMatch_oneWins_theOtherIsAVersionConflict() {
        String name = "update-" + UUID.randomUUID();
        api().post("/api/send-ports", Api.staticPort(name));
        Supplier<ResponseEntity<Map>> update = () -> api().call(HttpMethod.PUT, "/api/send-ports/" + name,
                """
                {"description": "%s", "primaryTransport": {"type": "FILE", "address": "file:///out/x.xml"}}
                """.formatted(UUID.randomUUID()), Map.of("If-Match", "\"1\""));

        List<ResponseEntity<Map>> answers = race(update, update);

        assertThat(answers).extracting(a -> a.getStatusCode().value()).containsExactlyInAnyOrder(200, 412);
        assertThat(answers).filteredOn(a -> a.getStatusCode().value() == 412)
                .extracting(a -> a.getBody().get("code")).containsExactly("VERSION_CONFLICT");
    }

    @RepeatedTest(5)
    void unenlistingTheLastTwoEnlistedMembersOfAnEnlistedGroupAtOnce_exactlyOneSucceeds() {
        String suffix = UUID.randomUUID().toString();
        String a = "a-" + suffix;
        String b = "b-" + suffix;
        String group = "g-" + suffix;
        api().post("/api/send-ports", Api.staticPort(a));
        api().post("/api/send-ports", Api.staticPort(b));
        api().post("/api/send-ports/" + a + "/enlist", "");
        api().post("/api/send-ports/" + b + "/enlist", "");
        assertThat(api().post("/api/send-port-groups", """
                {"name": "%s", "sendPorts": ["%s", "%s"]}""".formatted(group, a, b)).getStatusCode().value())
                .isEqualTo(201);
        assertThat(api().post("/api/send-port-groups/" + group + "/start", "").getStatusCode().value())
                .isEqualTo(200);

        List<ResponseEntity<Map>> answers = race(
                () -> api().post("/api/send-ports/" + a + "/unenlist", ""),
                () -> api().post("/api/send-ports/" + b + "/unenlist", ""));

        assertThat(answers).extracting(r -> r.getStatusCode().value()).containsExactlyInAnyOrder(200, 409);
        assertThat(answers).filteredOn(r -> r.getStatusCode().value() == 409)
                .extracting(r -> r.getBody().get("code")).containsExactly("LAST_ENLISTED_MEMBER");
        var members = (List<Map<String, Object>>) api().call(HttpMethod.GET, "/api/send-port-groups/" + group,
                null, Map.of()).getBody().get("sendPorts");
        assertThat(members).extracting(m -> m.get("status")).containsExactlyInAnyOrder("Bound", "Stopped");
    }

    @Test
    void creatingTheSameNameAsAPortAndAGroupAtOnce_exactlyOneGetsTheName() {
        String name = "shared-" + UUID.randomUUID();
        List<ResponseEntity<Map>> answers = race(
                () -> api().post("/api/send-ports", Api.staticPort(name)),
                () -> api().post("/api/send-port-groups", "{\"name\": \"" + name + "\"}"));

        assertThat(answers).extracting(r -> r.getStatusCode().value()).containsExactlyInAnyOrder(201, 409);
        assertThat(answers).filteredOn(r -> r.getStatusCode().value() == 409)
                .extracting(r -> r.getBody().get("code")).containsExactly("NAME_TAKEN");
    }

    @SafeVarargs
    private static List<ResponseEntity<Map>> race(Supplier<ResponseEntity<Map>>... calls) {
        CyclicBarrier barrier = new CyclicBarrier(calls.length);
        List<CompletableFuture<ResponseEntity<Map>>> futures = java.util.Arrays.stream(calls)
                .map(call -> CompletableFuture.supplyAsync(() -> {
                    try {
                        barrier.await();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    return call.get();
                }, runnable -> new Thread(runnable).start()))
                .toList();
        return futures.stream().map(CompletableFuture::join).toList();
    }
}
