package io.portway.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Instant;

/** {@code portway routing-failures list|explain}: the kept reports of messages no port subscribed to. */
@Command(name = "routing-failures", description = "Routing failures (messages nobody subscribed to): list, explain.")
final class RoutingFailuresCommand extends Base {

    @Command(name = "list", description = "The kept routing-failure reports, newest first.")
    public int list(@Option(names = "--limit", paramLabel = "N", defaultValue = "100",
            description = "at most this many (default ${DEFAULT-VALUE})") int limit) {
        output().list(api().all(api().delivery(), "/api/routing-failures", limit),
                Output.Column.of("ID", "id"), Output.Column.of("MESSAGE", "messageId"),
                Output.Column.of("OCCURRED", "occurredAt"), Output.Column.of("REASON", "reason"));
        return 0;
    }

    @Command(name = "explain", description = {"Would a kept routing failure route now (or at --as-of)?",
            "Its context explained: the routes, then the near misses with the failing statements."})
    public int explain(@Parameters(paramLabel = "ID") String id,
            @Option(names = "--limit", paramLabel = "N", description = "at most this many near misses (default 20)")
            Integer limit,
            @Option(names = "--as-of", paramLabel = "INSTANT",
                    description = "against the configuration at an ISO-8601 instant") Instant asOf) {
        Explanations.print(output(), api().get(api().delivery(), "/api/routing-failures/" + Api.encode(id)
                + "/explain" + Api.query(Api.parameters("limit", limit, "asOf", asOf))));
        return 0;
    }
}
