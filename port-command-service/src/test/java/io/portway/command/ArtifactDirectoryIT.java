package io.portway.command;

import io.portway.testsupport.WithPortwayInfrastructure;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lookup table behind the cross-artifact rules follows the events (one handler, in the command's transaction),
 * and a command whose lookup-table update fails stores nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@WithPortwayInfrastructure
class ArtifactDirectoryIT {

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    Api api() {
        return new Api("http://localhost:" + port, "admin");
    }

    @Test
    void statusesVersionsMembershipsAndNamesFollowTheCommands() {
        String suffix = UUID.randomUUID().toString();
        String a = "dir-a-" + suffix;
        String b = "dir-b-" + suffix;
        String group = "dir-g-" + suffix;
        api().post("/api/send-ports", Api.staticPort(a));
        api().post("/api/send-ports", Api.staticPort(b));
        assertThat(api().post("/api/send-ports/" + a + "/start", "").getStatusCode().value()).isEqualTo(200);
        assertThat(row(a)).containsEntry("status", "Started").containsEntry("version", 3L);

        api().post("/api/send-port-groups", "{\"name\": \"%s\", \"sendPorts\": [\"%s\", \"%s\"]}"
                .formatted(group, b, a));
        assertThat(members(group)).containsExactly(b, a);

        assertThat(api().call(HttpMethod.DELETE, "/api/send-port-groups/" + group + "/send-ports/" + b, null,
                Map.of()).getStatusCode().is2xxSuccessful()).isTrue();
        assertThat(members(group)).containsExactly(a);
        assertThat(row(group)).containsEntry("version", 2L);

        assertThat(api().call(HttpMethod.DELETE, "/api/send-ports/" + b, null, Map.of()).getStatusCode()
                .is2xxSuccessful()).isTrue();
        assertThat(jdbc.queryForList("SELECT name FROM command.artifact WHERE name = ?", String.class, b)).isEmpty();
        assertThat(api().post("/api/send-port-groups", "{\"name\": \"%s\"}".formatted(b)).getStatusCode().value())
                .as("a deleted port's name is free again").isEqualTo(201);
    }

    @Test
    void aCommandWhoseLookupTableUpdateFails_storesNoEvent_andTheArtifactStaysAsItWas() {
        String name = "doomed-" + UUID.randomUUID();
        api().post("/api/send-ports", Api.staticPort(name));
        jdbc.execute("CREATE OR REPLACE FUNCTION command.refuse_doomed() RETURNS trigger LANGUAGE plpgsql AS $$"
                + " BEGIN IF NEW.name LIKE 'doomed-%' THEN RAISE EXCEPTION 'refused by test'; END IF; RETURN NEW; END $$");
        jdbc.execute("CREATE TRIGGER refuse_doomed BEFORE UPDATE ON command.artifact FOR EACH ROW"
                + " EXECUTE FUNCTION command.refuse_doomed()");
        try {
            assertThat(api().post("/api/send-ports/" + name + "/enlist", "").getStatusCode().value())
                    .isGreaterThanOrEqualTo(500);
        } finally {
            jdbc.execute("DROP TRIGGER refuse_doomed ON command.artifact");
        }
        assertThat(events(name)).as("the enlist event rolled back with the failed update").isEqualTo(1);
        assertThat(row(name)).containsEntry("status", "Bound").containsEntry("version", 1L);

        assertThat(api().post("/api/send-ports/" + name + "/enlist", "").getStatusCode().value()).isEqualTo(200);
        assertThat(row(name)).containsEntry("status", "Stopped").containsEntry("version", 2L);
        assertThat(events(name)).isEqualTo(2);
    }

    private Map<String, Object> row(String name) {
        return jdbc.queryForMap("SELECT status, version FROM command.artifact WHERE name = ?", name);
    }

    private List<String> members(String group) {
        return jdbc.queryForList("SELECT p.name FROM command.membership m JOIN command.artifact g"
                + " ON g.artifact_id = m.group_id JOIN command.artifact p ON p.artifact_id = m.port_id"
                + " WHERE g.name = ? ORDER BY m.position", String.class, group);
    }

    private long events(String name) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM command.domainevententry e JOIN command.artifact a"
                + " ON a.artifact_id = e.aggregateidentifier WHERE a.name = ?", Long.class, name);
    }
}
