package io.portway.command.application;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.net.http.HttpResponse;
import java.util.List;

/**
 * Seeded random input to every endpoint of the command API (from its OpenAPI document): only 2xx or 4xx
 * problem+json answers, and afterwards the service is ready and no thread keeps a CPU busy. Runs in the Spring
 * context (and database) of {@link ApplicationsAndBindingsIT}, taken from Spring's context cache.
 */
class CommandApiFuzzIT {

    static URI base;
    static JsonNode openApi;
    static List<Endpoint> endpoints;

    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
            properties = "portway.test.isolated-context=ApplicationsAndBindingsIT")
    @WithPortwayInfrastructure
    static class SharedContext {
    }

    @BeforeContainer
    static void service() throws Exception {
        ApplicationContext context = new TestContextManager(SharedContext.class).getTestContext()
                .getApplicationContext();
        base = URI.create("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port"));
        openApi = ApiFuzz.openApi(base);
        endpoints = ApiFuzz.endpoints(openApi, endpoint -> endpoint.path().startsWith("/api/"));
    }

    @Property(tries = 400, seed = "20261201", edgeCases = EdgeCasesMode.MIXIN)
    void everyAnswerIsASuccessOrAProblem(@ForAll("calls") Call call) throws Exception {
        HttpResponse<String> answer = ApiFuzz.send(base, call);
        Statistics.label("endpoint").collect(call.endpoint().toString());
        Statistics.label("status").collect(answer.statusCode());
        ApiFuzz.assertAnswered(call, answer);
    }

    @Provide
    Arbitrary<Call> calls() {
        return ApiFuzz.calls(endpoints, openApi, List.of("admin", "operator", "viewer"), List.of());
    }

    @AfterContainer
    static void survived() throws Exception {
        if (base != null) {
            ApiFuzz.assertReady(base);
            ApiFuzz.assertNoThreadStaysBusy();
        }
    }
}
