package io.portway.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/** Prints an explanation of routing: the routes, then the near misses with their failing statements. */
final class Explanations {

    private Explanations() {
    }

    static void print(Output output, JsonNode explanation) {
        if (output.json()) {
            output.print(explanation);
            return;
        }
        output.line("routes at position " + explanation.path("position").asText() + ": "
                + explanation.path("routes").size());
        if (!explanation.path("routes").isEmpty()) {
            output.list(explanation.path("routes"), Output.Column.of("SEND PORT", "sendPort"),
                    Output.Column.of("VIA", "via"), Output.Column.of("CONJUNCTION", "conjunction"),
                    Output.Column.of("OUTCOME", "outcome"), Output.Column.of("REASON", "reason"));
        }
        output.line("");
        output.line("near misses (closest first): " + explanation.path("nearMisses").size());
        if (!explanation.path("nearMisses").isEmpty()) {
            output.list(explanation.path("nearMisses"), Output.Column.of("KIND", "kind"),
                    Output.Column.of("NAME", "name"), Output.Column.of("STATUS", "status"),
                    new Output.Column("WHY NOT", Explanations::whyNot));
        }
    }

    /** The reason, or each failed statement: {@code Orders.Country == NL (actual: BE)}. */
    static String whyNot(JsonNode miss) {
        if (miss.hasNonNull("reason")) {
            return miss.get("reason").asText();
        }
        List<String> failed = new ArrayList<>();
        for (JsonNode statement : miss.path("failed")) {
            String expected = statement.hasNonNull("expected") ? " " + statement.get("expected").asText() : "";
            String actual = statement.hasNonNull("actual") ? "actual: " + statement.get("actual").asText() : "missing";
            failed.add(statement.path("property").asText() + " " + statement.path("operator").asText() + expected
                    + " (" + actual + ")");
        }
        return String.join("; ", failed);
    }
}
