package io.portway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Instant;

/** {@code portway audit}: every change with its before and after snapshots, oldest first. */
@Command(name = "audit", description = "The audit log: every change of every port and group, oldest first.")
final class AuditCommand extends Base {

    @Option(names = "--from", paramLabel = "INSTANT", description = "changes at or after (ISO-8601)")
    Instant from;

    @Option(names = "--to", paramLabel = "INSTANT", description = "changes before (ISO-8601)")
    Instant to;

    @Option(names = "--artifact", paramLabel = "NAME", description = "of this port or group only")
    String artifact;

    @Option(names = "--limit", defaultValue = "1000", description = "at most this many (default 1000)")
    int limit;

    @Override
    public Integer call() {
        JsonNode items = api().all(api().query(), "/api/audit" + Api.query(Api.parameters("from", from, "to", to,
                "artifact", artifact, "limit", Math.min(limit, 10000))), limit);
        output().list(items, Output.Column.of("OCCURRED", "occurredAt"), Output.Column.of("KIND", "artifactKind"),
                Output.Column.of("NAME", "name"), Output.Column.of("SEQ", "sequence"),
                Output.Column.of("TYPE", "type"), Output.Column.of("PRINCIPAL", "principal"),
                new Output.Column("STATUS", entry -> Output.text(entry.path("before").path("status")) + " -> "
                        + Output.text(entry.path("after").path("status"))));
        return 0;
    }
}
