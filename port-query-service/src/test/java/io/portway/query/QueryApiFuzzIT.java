package io.portway.query;

import com.fasterxml.jackson.databind.JsonNode;
import io.portway.events.Filter;
import io.portway.events.SendPortCreated;
import io.portway.events.SendPortEnlisted;
import io.portway.events.SendPortGroupConfiguration;
import io.portway.events.SendPortGroupCreated;
import io.portway.events.TransportType;
import io.portway.support.PortwayTopics;
import io.portway.testsupport.WithPortwayInfrastructure;
import io.portway.testsupport.fuzz.ApiFuzz;
import io.portway.testsupport.fuzz.ApiFuzz.Call;
import io.portway.testsupport.fuzz.ApiFuzz.Endpoint;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.TestContextManager;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import static org.awaitility.Awaitility.await;

/**
 * Seeded random input to every endpoint of the query API (from its OpenAPI document) over a few published
 * artifacts: only 2xx or 4xx problem+json answers (or the documented 504 NOT_CAUGHT_UP of a {@code minVersion}
 * not reached within the context's 2 s), and afterwards the service is ready and no thread keeps a CPU
 * busy. Runs in the Spring context of {@link QueryServiceIT}, taken from Spring's context cache. Starting a
 * rebuild is left to {@link RebuildIT}: it would replace the read models under the other tests of that context.
 */
class QueryApiFuzzIT {

    static URI base;
    static JsonNode openApi;
    static List<Endpoint> endpoints;
    static List<String> names;

    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
            properties = "portway.query.read-your-writes-timeout=2s")
    @WithPortwayInfrastructure
    static class SharedContext {
    }

    @BeforeContainer
    static void service() throws Exception {
        ApplicationContext context = new TestContextManager(SharedContext.class).getTestContext()
                .getApplicationContext();
        base = URI.create("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port"));
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String port = "fz-port-" + suffix;
        String group = "fz-group-" + suffix;
        try (EventLog log = new EventLog(context.getBean(PortwayTopics.class).sendPortEvents())) {
            EventLog.Artifact artifact = log.artifact();
            artifact.publish(new SendPortCreated(port, false, false,
                    EventLog.configuration("fuzzed", TransportType.HTTP, "Fuzz")));
            artifact.publish(new SendPortEnlisted(port));
            log.artifact().publish(new SendPortGroupCreated(group,
                    new SendPortGroupConfiguration("g", "Fuzz", Filter.EMPTY), List.of(port)));
        }
        names = List.of(port, group, "Fuzz");
        await().atMost(Duration.ofSeconds(60)).until(() -> status("/api/send-port-groups/" + group) == 200);
        openApi = ApiFuzz.openApi(base);
        endpoints = ApiFuzz.endpoints(openApi, endpoint -> endpoint.path().startsWith("/api/")
                && !(endpoint.method().equals("POST") && endpoint.path().equals("/api/admin/rebuild")));
    }

    static int status(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve(path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("viewer:viewer".getBytes()))
                .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Property(tries = 200, seed = "20261201", edgeCases = EdgeCasesMode.MIXIN)
    void everyAnswerIsASuccessOrAProblem(@ForAll("calls") Call call) throws Exception {
        HttpResponse<String> answer = ApiFuzz.send(base, call);
        Statistics.label("endpoint").collect(call.endpoint().toString());
        Statistics.label("status").collect(answer.statusCode());
        ApiFuzz.assertAnswered(call, answer, "NOT_CAUGHT_UP");
    }

    @Provide
    Arbitrary<Call> calls() {
        return ApiFuzz.calls(endpoints, openApi, List.of("viewer", "admin"), names);
    }

    @AfterContainer
    static void survived() throws Exception {
        if (base != null) {
            ApiFuzz.assertReady(base);
            ApiFuzz.assertNoThreadStaysBusy();
        }
    }
}
