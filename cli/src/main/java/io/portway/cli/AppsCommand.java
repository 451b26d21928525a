package io.portway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;

/** {@code portway apps list|start|stop}: applications, the {@code application} of ports and groups. */
@Command(name = "apps", description = "Applications: list, start, stop.")
final class AppsCommand extends Base {

    @Command(name = "list", description = "Every application with its ports and groups per status.")
    public int list() {
        JsonNode items = api().all(api().command(), "/api/applications", Integer.MAX_VALUE);
        output().list(items, Output.Column.of("APPLICATION", "application"),
                new Output.Column("SEND PORTS", app -> counts(app.path("sendPorts"))),
                new Output.Column("GROUPS", app -> counts(app.path("sendPortGroups"))));
        return 0;
    }

    @Command(name = "start", description = "Enlist and start every port, then every group (OPERATOR).")
    public int start(@Parameters(paramLabel = "APPLICATION") String application) {
        return report(api().post(api().command(), "/api/applications/" + Api.encode(application) + "/start", null));
    }

    @Command(name = "stop", description = "Stop every group, then every port; they stay enlisted (OPERATOR).")
    public int stop(@Parameters(paramLabel = "APPLICATION") String application) {
        return report(api().post(api().command(), "/api/applications/" + Api.encode(application) + "/stop", null));
    }

    /** Prints what changed per artifact; an artifact the service refused makes the exit code 3. */
    private int report(JsonNode answer) {
        if (output().json()) {
            output().print(answer);
        } else {
            output().list(answer.path("artifacts"), Output.Column.of("KIND", "kind"), Output.Column.of("NAME", "name"),
                    Output.Column.of("BEFORE", "before"), Output.Column.of("AFTER", "after"),
                    Output.Column.of("VERSION", "version"), Output.Column.at("ERROR", "/error/code"));
        }
        int refused = 0;
        for (JsonNode artifact : answer.path("artifacts")) {
            if (artifact.hasNonNull("error")) {
                refused++;
                root().err.println(artifact.path("error").path("code").asText() + ": "
                        + artifact.path("error").path("detail").asText());
            }
        }
        return refused == 0 ? 0 : Portway.REFUSED;
    }

    private static String counts(JsonNode byStatus) {
        List<String> counts = new ArrayList<>();
        byStatus.fields().forEachRemaining(entry -> {
            if (entry.getValue().asLong() > 0) {
                counts.add(entry.getKey() + "=" + entry.getValue().asLong());
            }
        });
        return counts.isEmpty() ? "-" : String.join(" ", counts);
    }
}
