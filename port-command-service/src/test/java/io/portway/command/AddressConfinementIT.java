package io.portway.command;

import io.portway.testsupport.WithPortwayInfrastructure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/RULES.md §8: a static address outside the allowed roots and hosts, or at Portway's own topics, is refused at
 * create, configure and bindings import with 400 VALIDATION_FAILED naming the field, code ADDRESS_NOT_ALLOWED in
 * that error, and no event. (The tests allow /out, /backup, /o, /y and the temp dir, every public host and loopback:
 * src/test/resources/config/application.yml.)
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@WithPortwayInfrastructure
class AddressConfinementIT {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    Api api() {
        return new Api("http://localhost:" + port, "admin");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            primaryTransport | FILE  | file:///etc/cron.d/%MessageID%
            primaryTransport | FILE  | file:///out/../etc/cron.d/x
            primaryTransport | HTTP  | http://169.254.169.254/latest/meta-data
            primaryTransport | HTTP  | http://[fe80::1]:8080/in
            primaryTransport | HTTP  | http://0.0.0.0:5432/
            primaryTransport | KAFKA | kafka://portway.send-port-events
            backupTransport  | FILE  | file:///home/user/.bashrc
            """)
    void aCreateWithAnAddressOutsideTheRules_isRefusedNamingTheField_andStoresNothing(String field, String type,
                                                                                      String address) {
        String name = "confined-" + UUID.randomUUID().toString().substring(0, 8);
        String transport = "{\"type\": \"%s\", \"address\": \"%s\"}".formatted(type, address);
        String body = field.equals("primaryTransport")
                ? "{\"name\": \"%s\", \"primaryTransport\": %s}".formatted(name, transport)
                : ("{\"name\": \"%s\", \"primaryTransport\": {\"type\": \"FILE\", \"address\": \"file:///out/x.xml\"},"
                  + " \"backupTransport\": %s}").formatted(name, transport);
        long events = events();

        ResponseEntity<Map> answer = api().post("/api/send-ports", body);

        assertRefused(answer, field + ".address");
        assertThat(events()).isEqualTo(events);
        assertThat(api().call(org.springframework.http.HttpMethod.GET, "/api/send-ports/" + name, null, Map.of())
                .getStatusCode().value()).isEqualTo(404);
    }

    @Test
    void aConfigureToAnAddressOutsideTheRules_isRefused_andThePortKeepsItsAddress() {
        String name = "confined-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(api().post("/api/send-ports", Api.staticPort(name)).getStatusCode().value()).isEqualTo(201);
        long events = events();

        ResponseEntity<Map> answer = api().put("/api/send-ports/" + name,
                "{\"primaryTransport\": {\"type\": \"HTTP\", \"address\": \"http://169.254.169.254/\"}}");

        assertRefused(answer, "primaryTransport.address");
        assertThat(events()).isEqualTo(events);
    }

    @Test
    void aBindingsImportWhoseOverrideLeadsOutOfTheRoots_isRefusedWhole_andCreatesNothing() {
        String application = "confined-" + UUID.randomUUID().toString().substring(0, 8);
        long events = events();

        ResponseEntity<Map> answer = api().put("/api/applications/" + application + "/bindings", """
                {"sendPorts": [{"name": "%1$s-a", "primaryTransport": {"type": "FILE", "address": "file:///out/a.xml"}},
                               {"name": "%1$s-b", "primaryTransport": {"type": "FILE", "address": "file:///out/b.xml"}}],
                 "overrides": {"%1$s-b": {"primaryTransport.address": "file:///etc/cron.d/b"}}}
                """.formatted(application));

        assertRefused(answer, "sendPorts[1].primaryTransport.address");
        assertThat(events()).isEqualTo(events);
    }

    @SuppressWarnings("unchecked")
    private static void assertRefused(ResponseEntity<Map> answer, String field) {
        assertThat(answer.getStatusCode().value()).isEqualTo(400);
        assertThat(answer.getBody()).containsEntry("code", "VALIDATION_FAILED");
        List<Map<String, Object>> errors = (List<Map<String, Object>>) answer.getBody().get("errors");
        assertThat(errors).anySatisfy(error -> {
            assertThat(error).containsEntry("field", field).containsEntry("code", "ADDRESS_NOT_ALLOWED");
            assertThat((String) error.get("message")).isNotBlank();
        });
    }

    private long events() {
        return jdbc.queryForObject("SELECT count(*) FROM command.domainevententry", Long.class);
    }
}
