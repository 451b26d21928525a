package io.portway.console.web;

import io.portway.console.StubServices;
import io.portway.console.signin.Capability;
import io.portway.console.signin.ConsoleUser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
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
import org.springframework.test.web.servlet.MvcResult;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The console's pages against stubbed services: sign-in, roles, CSRF, refusals and validation errors. */
@SpringBootTest
@AutoConfigureMockMvc
class ConsoleWebTest {

    private static final StubServices services = new StubServices();

    private static final String PORT = """
            {"name":"P1","description":"","application":"Orders","dynamic":false,"twoWay":false,
             "primaryTransport":{"type":"FILE","address":"file:///tmp/out/%MessageID%.xml","properties":{},
                                 "retryCount":3,"retryInterval":"PT5M","serviceWindow":null},
             "sendPipeline":"PassThruTransmit",
             "filter":[[{"property":"BTS.ReceivePortName","operator":"==","value":"RP1"}]],
             "priority":5,"orderedDelivery":false,"stopSendingOnFailure":false,"routeFailedMessages":false,
             "tracking":{"messageBodies":false,"properties":false},"status":"Started","version":3,"groups":[]}
            """;

    @Autowired
    MockMvc mvc;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        registry.add("portway.services.command-url", services::url);
        registry.add("portway.services.query-url", services::url);
        registry.add("portway.services.delivery-url", services::url);
    }

    @AfterAll
    static void stop() {
        services.close();
    }

    @BeforeEach
    void ports() {
        services.answer("GET /api/send-ports", 200, "{\"items\":[" + PORT + "],\"next\":null}");
        services.answer("GET /api/send-ports/P1", 200, PORT);
    }

    @Test
    void signing_in_checks_the_credentials_with_the_query_service_and_learns_the_role() throws Exception {
        services.answer("POST /api/send-ports", 403, "{\"status\":403,\"code\":\"FORBIDDEN\",\"detail\":\"no\"}");
        services.answer("GET /api/admin/rebuild", 403, "{\"status\":403,\"code\":\"FORBIDDEN\"}");

        MvcResult result = mvc.perform(formLogin("/login").user("viewer").password("viewer"))
                .andExpect(redirectedUrl("/")).andReturn();

        ConsoleUser user = (ConsoleUser) ((SecurityContextImpl) result.getRequest().getSession()
                .getAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY))
                .getAuthentication().getPrincipal();
        assertThat(user.can(Capability.VIEW)).isTrue();
        assertThat(user.can(Capability.CONFIGURE)).isFalse();
        assertThat(user.can(Capability.ADMINISTER)).isFalse();
        assertThat(services.received()).anySatisfy(request -> {
            assertThat(request.path()).startsWith("/api/send-ports?limit=1");
            assertThat(request.authorization()).isEqualTo("Basic dmlld2VyOnZpZXdlcg==");
        });
    }

    @Test
    void wrong_credentials_are_refused_on_the_sign_in_page() throws Exception {
        services.answer("GET /api/send-ports", 401, "{\"status\":401,\"code\":\"UNAUTHORIZED\"}");

        mvc.perform(formLogin("/login").user("admin").password("nope")).andExpect(redirectedUrl("/login?error"));
    }

    @Test
    void a_sign_in_the_services_throttle_is_refused_not_granted_every_capability() throws Exception {
        services.answer("GET /api/send-ports", 429, "{\"status\":429,\"code\":\"SIGN_IN_THROTTLED\"}");
        services.answer("POST /api/send-ports", 429, "{\"status\":429,\"code\":\"SIGN_IN_THROTTLED\"}");

        mvc.perform(formLogin("/login").user("admin").password("guess")).andExpect(redirectedUrl("/login?error"));
    }

    @Test
    void pages_need_a_signed_in_user_and_forms_need_the_csrf_token() throws Exception {
        mvc.perform(get("/send-ports")).andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl("http://localhost/login"));
        mvc.perform(post("/send-ports/P1/stop").session(session(EnumSet.allOf(Capability.class))))
                .andExpect(status().isForbidden());
    }

    private static final String EXPLANATION = """
            {"routes":[{"sendPort":"P1","via":"filter","conjunction":0,"outcome":"held","reason":"PORT_STOPPED"}],
             "nearMisses":[{"kind":"SendPort","name":"P2","status":"Started","reason":null,
                            "failed":[{"property":"Orders.Country","operator":"==","expected":"NL","actual":"BE"},
                                      {"property":"Orders.Amount","operator":">","expected":"100","actual":null}]},
                           {"kind":"SendPort","name":"P3","status":"Bound","reason":"NOT_ENLISTED","failed":[]}],
             "position":17}
            """;

    @Test
    void explaining_a_message_sends_its_context_and_shows_routes_and_failing_statements() throws Exception {
        services.answer("POST /api/messages/explain", 200, EXPLANATION);

        String page = mvc.perform(post("/explain").with(csrf()).session(session(EnumSet.of(Capability.VIEW)))
                        .param("property", "Orders.Country", "", "Orders.Type")
                        .param("value", "BE", "", "Order"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();

        assertThat(services.received()).anySatisfy(request -> {
            assertThat(request.path()).isEqualTo("/api/messages/explain");
            assertThat(request.body()).isEqualTo("{\"context\":{\"Orders.Country\":\"BE\",\"Orders.Type\":\"Order\"}}");
        });
        assertThat(page).contains("PORT_STOPPED").contains("position 17").contains("NOT_ENLISTED")
                .contains("class=\"failed-statement\"").contains("Orders.Country == NL — message has BE")
                .contains("Orders.Amount &gt; 100 — message has (missing)");
    }

    @Test
    void a_refused_explanation_shows_the_problem() throws Exception {
        services.answer("POST /api/messages/explain", 400, "{\"status\":400,\"title\":\"Bad Request\","
                + "\"code\":\"VALIDATION_FAILED\",\"detail\":\"the message breaks a limit\"}");

        String page = mvc.perform(post("/explain").with(csrf()).session(session(EnumSet.of(Capability.VIEW)))
                        .param("property", "A").param("value", "x"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();

        assertThat(page).contains("VALIDATION_FAILED: the message breaks a limit");
    }

    @Test
    void each_routing_failure_links_to_its_explanation_against_todays_table() throws Exception {
        services.answer("GET /api/routing-failures", 200, "{\"items\":[{\"id\":\"rf-1\",\"messageId\":\"m-1\","
                + "\"reason\":\"NO_SUBSCRIBERS\",\"context\":{\"A\":\"1\"},\"occurredAt\":\"2026-12-01T10:00:00Z\","
                + "\"resumable\":false}],\"next\":null}");
        services.answer("GET /api/routing-failures/rf-1/explain", 200, EXPLANATION);

        String list = mvc.perform(get("/routing-failures").session(session(EnumSet.of(Capability.VIEW))))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        String page = mvc.perform(get("/routing-failures/rf-1/explain").session(session(EnumSet.of(Capability.VIEW))))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();

        assertThat(list).contains("href=\"/routing-failures/rf-1/explain\"");
        assertThat(page).contains("rf-1").contains("PORT_STOPPED").contains("Orders.Country == NL");
    }

    @Test
    void the_subscriptions_page_lists_enlisted_ports_and_groups_with_readable_filters() throws Exception {
        services.answer("GET /api/send-port-groups", 200, """
                {"items":[{"name":"G1","status":"Stopped","sendPorts":[{"name":"P1","status":"Started"}],
                           "filter":[[{"property":"A","operator":"==","value":"1"},{"property":"B","operator":"exists"}],
                                     [{"property":"C","operator":">","value":"5"}]]},
                          {"name":"G2","status":"Bound","sendPorts":[],"filter":[]}],"next":null}
                """);

        String page = mvc.perform(get("/subscriptions").session(session(EnumSet.of(Capability.VIEW))))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        // only the page's own content: the random CSRF token in the head may contain "G2"
        String main = page.substring(page.indexOf("<main"));

        assertThat(main).contains("P1").contains("BTS.ReceivePortName == RP1").contains("G1")
                .contains("(A == 1 and B exists) or C &gt; 5").contains("fans out to P1").doesNotContain("G2");
    }

    @Test
    void a_viewer_sees_the_ports_but_no_action() throws Exception {
        String page = mvc.perform(get("/send-ports").session(session(EnumSet.of(Capability.VIEW))))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();

        assertThat(page).contains("P1").contains("badge-Started").doesNotContain("data-action=\"stop\"")
                .doesNotContain("New send port");
    }

    @Test
    void the_filters_keep_their_choice() throws Exception {
        String page = mvc.perform(get("/send-ports").param("application", "Orders").param("status", "Started")
                        .session(session(EnumSet.of(Capability.VIEW))))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();

        assertThat(page).containsPattern("<option value=\"Orders\"[^>]*selected").containsPattern("<option value=\"Started\"[^>]*selected");
    }

    @Test
    void an_admin_sees_the_allowed_actions_and_the_reason_of_the_others() throws Exception {
        String page = mvc.perform(get("/send-ports").session(session(EnumSet.allOf(Capability.class))))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();

        assertThat(page).contains("data-action=\"stop\"")
                .containsPattern("title=\"Only a Bound send port can be deleted; this one is Started[^\"]*\"[^>]*disabled");
    }

    @Test
    void a_refused_action_shows_the_rule_the_api_gave() throws Exception {
        services.answer("DELETE /api/send-ports/P1", 409, """
                {"type":"about:blank","title":"Conflict","status":409,"code":"NOT_BOUND",
                 "detail":"Send port P1 is Started: only a Bound send port can be deleted"}
                """);

        mvc.perform(post("/send-ports/P1/delete").param("back", "/send-ports").with(csrf())
                        .session(session(EnumSet.allOf(Capability.class))))
                .andExpect(redirectedUrl("/send-ports"))
                .andExpect(flash().attribute("flash", new Flash("error",
                        "Send port P1 is Started: only a Bound send port can be deleted", "NOT_BOUND", List.of())));
    }

    @Test
    void validation_errors_appear_next_to_their_field() throws Exception {
        services.answer("POST /api/send-ports", 400, """
                {"status":400,"code":"VALIDATION_FAILED","detail":"2 fields are invalid",
                 "errors":[{"field":"primaryTransport.address","message":"is not a FILE, HTTP or KAFKA address"},
                           {"field":"filter[0][0].value","message":"must not be empty"}]}
                """);

        String page = mvc.perform(post("/send-ports").with(csrf()).session(session(EnumSet.allOf(Capability.class)))
                        .param("name", "P9").param("primaryTransport.type", "FILE")
                        .param("primaryTransport.address", "nowhere")
                        .param("filter.rows[0].property", "A").param("filter.rows[0].operator", "==")
                        .param("filter.rows[0].value", ""))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();

        assertThat(page).contains("id=\"primaryTransport.address-error\"")
                .contains("is not a FILE, HTTP or KAFKA address")
                .contains("value=\"nowhere\"")
                .contains("must not be empty")
                .contains("data-initial-tab=\"general\"");
    }

    private static MockHttpSession session(Set<Capability> capabilities) {
        ConsoleUser user = new ConsoleUser("admin", "admin", capabilities);
        MockHttpSession session = new MockHttpSession();
        session.setAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY,
                new SecurityContextImpl(UsernamePasswordAuthenticationToken.authenticated(user, null, List.of())));
        return session;
    }
}
