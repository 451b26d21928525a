package io.portway.console.overview;

import io.portway.console.StubServices;
import io.portway.console.signin.Capability;
import io.portway.console.signin.ConsoleUser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The Overview against three stubbed services (each its own server, so one can go away): counts linking to the
 * filtered lists, held and suspended instances linking to the instances, the chart, readiness; a service that
 * cannot be reached leaves its panels saying so and the rest of the page intact.
 */
@SpringBootTest
@AutoConfigureMockMvc
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OverviewWebTest {

    private static final StubServices command = new StubServices();
    private static final StubServices query = new StubServices();
    private static final StubServices delivery = new StubServices();

    @Autowired
    MockMvc mvc;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        registry.add("portway.services.command-url", command::url);
        registry.add("portway.services.query-url", query::url);
        registry.add("portway.services.delivery-url", delivery::url);
        registry.add("portway.services.connect-timeout", () -> "1s");
    }

    @AfterAll
    static void stop() {
        command.close();
        query.close();
        delivery.close();
    }

    @BeforeEach
    void answers() {
        query.answer("GET /api/overview/artifacts", 200, """
                {"sendPorts":{"total":5,"byStatus":{"Bound":1,"Stopped":1,"Started":3}},
                 "sendPortGroups":{"total":2,"byStatus":{"Bound":0,"Stopped":2,"Started":0}}}
                """);
        delivery.answer("GET /api/overview/held-and-suspended", 200, """
                {"items":[{"sendPort":"Orders Out","status":"Suspended","reason":"PORT_STOPPED","count":4},
                          {"sendPort":"Orders Out","status":"Suspended","reason":"TRANSPORT_FAILED","count":1},
                          {"sendPort":"Billing","status":"SuspendedNotResumable","reason":"ADDRESS_NOT_ALLOWED","count":2}]}
                """);
        Instant start = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(59, ChronoUnit.MINUTES);
        StringBuilder minutes = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            minutes.append(i == 0 ? "" : ",").append("{\"minute\":\"").append(start.plus(i, ChronoUnit.MINUTES))
                    .append("\",\"delivered\":").append(i == 58 ? 7 : 0).append(",\"failed\":")
                    .append(i == 59 ? 2 : 0).append(",\"latencyP99Millis\":").append(i == 58 ? "35" : "null")
                    .append('}');
        }
        delivery.answer("GET /api/overview/deliveries", 200, "{\"minutes\":[" + minutes + "]}");
        command.answer("GET /actuator/health/readiness", 200, """
                {"status":"UP","components":{"db":{"status":"UP"},"readinessState":{"status":"UP"}}}
                """);
        query.answer("GET /actuator/health/readiness", 503, """
                {"status":"DOWN","components":{"db":{"status":"UP"},
                 "consumers":{"status":"DOWN","details":{"halted":{"projection":{"a-1":{"name":"P9","sequence":4}}}}},
                 "kafka":{"status":"UP","details":{"brokers":1,"consumerGroup":"query","lag":12}}}}
                """);
        delivery.answer("GET /actuator/health/readiness", 200, """
                {"status":"UP","components":{"kafka":{"status":"UP","details":{"brokers":1,"lag":0}}}}
                """);
    }

    @Test
    void the_home_page_is_the_overview_with_counts_instances_chart_and_readiness() throws Exception {
        String page = mvc.perform(get("/").session(session())).andExpect(status().isOk()).andReturn()
                .getResponse().getContentAsString();

        assertThat(page).contains("<h1>Overview</h1>")
                .contains("href=\"/send-ports?status=Started\"").contains("aria-label=\"3 Started Send ports\"")
                .contains("href=\"/send-port-groups?status=Stopped\"").contains("aria-label=\"2 Stopped Send port groups\"")
                .contains("href=\"/send-ports\">5</a>");
        assertThat(page).contains("data-port=\"Orders Out\"")
                .contains("href=\"/service-instances?sendPort=Orders%20Out&amp;status=Suspended&amp;errorCode=PORT_STOPPED\"")
                .contains("4 Suspended (PORT_STOPPED)")
                .contains("href=\"/service-instances?sendPort=Billing&amp;status=SuspendedNotResumable&amp;errorCode=ADDRESS_NOT_ALLOWED\"");
        assertThat(page).containsPattern("data-label=\"Held\">4</td>\\s*<td data-label=\"Suspended\">1</td>");
        assertThat(page).contains("<svg").contains("id=\"deliveries-chart\"")
                .contains("7 delivered and 2 failed in the last 60 minute(s)").contains("<rect class=\"failed\"")
                .contains("at most 35 ms");
        assertThat(page).contains("data-service=\"Query service\" data-status=\"DOWN\"")
                .contains("consumers: DOWN").contains("P9").contains("lag 12 record(s)")
                .contains("data-service=\"Command service\" data-status=\"UP\"")
                .contains("db, readinessState: UP");
        assertThat(page).doesNotContain("unreachable");
    }

    /** Last: it stops the delivery stub for good (a closed port refuses connections, as a service that is down). */
    @Test
    @Order(Integer.MAX_VALUE)
    void a_service_that_cannot_be_reached_leaves_its_panels_unreachable_and_the_rest_of_the_page() throws Exception {
        delivery.close();

        String page = mvc.perform(get("/").session(session())).andExpect(status().isOk()).andReturn()
                .getResponse().getContentAsString();

        assertThat(page).contains("The delivery service is unreachable")
                .contains("data-service=\"Delivery service\" data-status=\"unreachable\"")
                .contains("aria-label=\"3 Started Send ports\"")
                .contains("data-service=\"Command service\" data-status=\"UP\"")
                .doesNotContain("<svg");
    }

    private static MockHttpSession session() {
        ConsoleUser user = new ConsoleUser("viewer", "viewer", EnumSet.of(Capability.VIEW));
        MockHttpSession session = new MockHttpSession();
        session.setAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY,
                new SecurityContextImpl(UsernamePasswordAuthenticationToken.authenticated(user, null, List.of())));
        return session;
    }
}
