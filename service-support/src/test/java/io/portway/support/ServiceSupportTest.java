package io.portway.support;

import org.junit.jupiter.api.Test;
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
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

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
        "portway.security.users[1].roles=VIEWER"})
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

    record Echo(String name, String correlationId) {
    }

    @RestController
    static class EchoController {
        @PostMapping("/echo")
        Echo echo(@RequestBody Named named) {
            if (named.name().equals("taken")) {
                throw new PortwayException(HttpStatus.CONFLICT, "NAME_TAKEN", "the name 'taken' is taken");
            }
            return new Echo(named.name(), CorrelationId.current());
        }
    }
}
