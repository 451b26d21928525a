package io.portway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code portway history NAME}: every event of a send port or group, oldest first, every incarnation. */
@Command(name = "history", description = "The events of a send port or send port group, oldest first.")
final class HistoryCommand extends Base {

    @Parameters(paramLabel = "NAME")
    String name;

    @Option(names = "--group", description = "NAME is a send port group (default: a send port, else a group)")
    boolean group;

    @Override
    public Integer call() {
        JsonNode items;
        if (group) {
            items = history("/api/send-port-groups/");
        } else {
            try {
                items = history("/api/send-ports/");
            } catch (Api.Refused refused) {
                if (!"NOT_FOUND".equals(refused.code)) {
                    throw refused;
                }
                items = history("/api/send-port-groups/");
            }
        }
        output().list(items, Output.Column.of("SEQ", "sequence"), Output.Column.of("TYPE", "type"),
                Output.Column.of("OCCURRED", "occurredAt"), Output.Column.of("PRINCIPAL", "principal"),
                Output.Column.of("CORRELATION", "correlationId"));
        return 0;
    }

    private JsonNode history(String collection) {
        return api().all(api().query(), collection + Api.encode(name) + "/history", Integer.MAX_VALUE);
    }
}
