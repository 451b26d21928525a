package io.portway.support;

import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.kafka.KafkaAutoConfiguration;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.matchesPattern;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@SpringBootTest(properties = {
        "portway.security.users[0].username=admin", "portway.security.users[0].password={noop}admin",
        "portway.security.users[0].roles=ADMIN",
        "portway.security.users[1].username=viewer", "portway.security.users[1].password={noop}viewer",
        "portway.security.users[1].roles=VIEWER",
        "portway.security.allowed-origins=https://console.example.com",
        // tracing as in production (Spring Boot's tests turn it off by default)
        "spring.test.observability.auto-configure=true"})
@AutoConfigureMockMvc
class ServiceSupportTest {

    @Autowired
    MockMvc mvc;

    @Test
    void unknown_fields_are_refused_naming_the_field() throws Exception {
        mvc.perform(post("/echo").with(httpBasic("admin", "admin")).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"a\",\"colour\":\"red\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(header().string("Content-Type", "application/problem+json"))
                .andExpect(jsonPath("$.code").value("VALIDATION_FAILED"))
                .andExpect(jsonPath("$.errors[0].field").value("colour"));
    }

    @Test
    void malformed_json_is_a_validation_failure() throws Exception {
        mvc.perform(post("/echo").with(httpBasic("admin", "admin")).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("VALIDATION_FAILED"));
    }

    @Test
    void a_refusal_keeps_its_status_code_and_detail() throws Exception {
        mvc.perform(post("/echo").with(httpBasic("admin", "admin")).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"taken\"}"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("NAME_TAKEN"))
                .andExpect(jsonPath("$.detail").value("the name 'taken' is taken"));
    }

    @Test
    void anonymous_and_underprivileged_callers_get_problem_json() throws Exception {
        mvc.perform(post("/echo").contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"a\"}"))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.code").value("UNAUTHORIZED"));
        mvc.perform(post("/echo").with(httpBasic("viewer", "viewer")).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"a\"}"))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.code").value("FORBIDDEN"));
    }

    @Test
    void a_401_carries_no_basic_challenge_so_browsers_never_cache_typed_credentials() throws Exception {
        mvc.perform(post("/echo").with(httpBasic("admin", "not-the-password"))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"a\"}"))
                .andExpect(status().isUnauthorized())
                .andExpect(header().doesNotExist("WWW-Authenticate"))
                .andExpect(header().string("Content-Type", "application/problem+json"));
    }

    @Test
    void a_write_from_another_site_is_refused_before_it_runs() throws Exception {
        for (String origin : new String[] {"https://evil.example", "null", "http://localhost:8081"}) {
            mvc.perform(post("/echo").with(httpBasic("admin", "admin")).header("Origin", origin)
                            .contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"taken\"}"))
                    .andExpect(status().isForbidden())
                    .andExpect(header().string("Content-Type", "application/problem+json"))
                    .andExpect(jsonPath("$.code").value("CROSS_ORIGIN"));
        }
        mvc.perform(post("/echo").header("Origin", "https://evil.example")
                        .contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"a\"}"))
                .andExpect(jsonPath("$.code").value("CROSS_ORIGIN"));
    }

    @Test
    void a_write_from_the_service_itself_an_allowed_console_or_without_origin_passes() throws Exception {
        for (String origin : new String[] {"http://localhost", "http://LOCALHOST:80", "https://console.example.com",
                "https://console.example.com:443"}) {
            mvc.perform(post("/echo").with(httpBasic("admin", "admin")).header("Origin", origin)
                            .contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"a\"}"))
                    .andExpect(status().isOk());
        }
        mvc.perform(get("/actuator/health").header("Origin", "https://evil.example"))
                .andExpect(status().isOk());
    }

    @Test
    void repeated_failures_are_answered_429_with_retry_after() throws Exception {
        MvcResult throttled = null;
        for (int attempt = 0; attempt < 30 && throttled == null; attempt++) {
            MvcResult result = mvc.perform(post("/echo").with(httpBasic("ghost", "guess-" + attempt))
                    .with(request -> {
                        request.setRemoteAddr("203.0.113.77");
                        return request;
                    })
                    .contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"a\"}")).andReturn();
            if (result.getResponse().getStatus() == 429) {
                throttled = result;
            } else {
                assertThat(result.getResponse().getStatus()).isEqualTo(401);
            }
        }
        assertThat(throttled).as("a 429 within 30 failures (waits double up to a minute)").isNotNull();
        assertThat(Long.parseLong(throttled.getResponse().getHeader("Retry-After"))).isBetween(1L, 60L);
        assertThat(throttled.getResponse().getContentType()).isEqualTo("application/problem+json");
        assertThat(throttled.getResponse().getContentAsString()).contains("\"code\":\"SIGN_IN_THROTTLED\"");
    }

    @Test
    void parameters_with_control_characters_are_refused_naming_them() throws Exception {
        mvc.perform(get("/actuator/health").param("application", "a\u0000b"))
                .andExpect(status().isBadRequest())
                .andExpect(header().string("Content-Type", "application/problem+json"))
                .andExpect(jsonPath("$.code").value("VALIDATION_FAILED"))
                .andExpect(jsonPath("$.errors[0].field").value("application"));
    }

    @Test
    void the_correlation_id_is_echoed_or_generated() throws Exception {
        mvc.perform(post("/echo").with(httpBasic("admin", "admin")).header(CorrelationId.HEADER, "req-42")
                        .contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"a\"}"))
                .andExpect(status().isOk())
                .andExpect(header().string(CorrelationId.HEADER, "req-42"))
                .andExpect(jsonPath("$.correlationId").value("req-42"));
        mvc.perform(get("/actuator/health"))
                .andExpect(status().isOk())
                .andExpect(header().string(CorrelationId.HEADER, matchesPattern("[0-9a-f-]{36}")));
    }

    @Test
    void a_request_continues_the_callers_trace_and_logs_its_trace_id() throws Exception {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        mvc.perform(post("/echo").with(httpBasic("admin", "admin"))
                        .header(Traceparent.HEADER, "00-" + traceId + "-00f067aa0ba902b7-01")
                        .contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"a\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.traceparent").value(matchesPattern("00-" + traceId + "-[0-9a-f]{16}-01")))
                .andExpect(jsonPath("$.traceIdInLogs").value(traceId));
        mvc.perform(post("/echo").with(httpBasic("admin", "admin"))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"a\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.traceparent").value(matchesPattern("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]")));
    }

    @Test
    void no_span_or_log_exporter_exists_unless_an_otlp_endpoint_is_configured(
            @Autowired org.springframework.context.ApplicationContext context) {
        assertThat(context.getBeansOfType(io.opentelemetry.sdk.trace.export.SpanExporter.class)).isEmpty();
        assertThat(context.getBeansOfType(io.opentelemetry.sdk.logs.export.LogRecordExporter.class)).isEmpty();
        assertThat(context.getBeansOfType(io.micrometer.tracing.Tracer.class)).hasSize(1);
    }

    @Test
    void a_stored_trace_resumed_on_another_thread_is_current_and_in_the_logs() {
        String traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        assertThat(Traceparent.current()).isNull();
        try (var trace = Traceparent.resume(traceparent)) {
            assertThat(Traceparent.current()).isEqualTo(traceparent);
            assertThat(MDC.get("traceId")).isEqualTo("0af7651916cd43dd8448eb211c80319c");
        }
        assertThat(Traceparent.current()).isNull();
        assertThat(MDC.get("traceId")).isNull();
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration(exclude = {DataSourceAutoConfiguration.class, KafkaAutoConfiguration.class})
    @EnableWebSecurity
    static class App {
        @Bean
        SecurityFilterChain security(HttpSecurity http) throws Exception {
            return PortwaySecurity.filterChain(http, rules -> rules.requestMatchers("/echo").hasRole("ADMIN"));
        }

        @Bean
        EchoController echo() {
            return new EchoController();
        }
    }

    record Named(String name) {
    }

    record Echo(String name, String correlationId, String traceparent, String traceIdInLogs) {
    }

    @RestController
    static class EchoController {
        @PostMapping("/echo")
        Echo echo(@RequestBody Named named) {
            if (named.name().equals("taken")) {
                throw new PortwayException(HttpStatus.CONFLICT, "NAME_TAKEN", "the name 'taken' is taken");
            }
            return new Echo(named.name(), CorrelationId.current(), Traceparent.current(), MDC.get("traceId"));
        }
    }
}
