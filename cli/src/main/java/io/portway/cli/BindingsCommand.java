package io.portway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code portway bindings export|import}: an application's ports and groups as one document (BizTalk's bindings). */
@Command(name = "bindings", description = "An application's bindings: export, import.")
final class BindingsCommand extends Base {

    @Command(name = "export", description = "Print the application's bindings document (JSON).")
    public int export(@Parameters(paramLabel = "APPLICATION") String application,
            @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "write it to this file") Path file)
            throws IOException {
        JsonNode document = api().get(api().command(), path(application));
        if (file == null) {
            output().print(document);
        } else {
            Files.writeString(file, document.toPrettyString() + System.lineSeparator());
        }
        return 0;
    }

    @Command(name = "import", description = {
            "Create or reconfigure the document's ports and groups and bring them to its statuses (ADMIN).",
            "The service validates the whole document first and changes nothing if anything is wrong."})
    public int importBindings(@Parameters(paramLabel = "APPLICATION") String application,
            @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE",
                    description = "the bindings document, - for standard input") Path file,
            @Option(names = "--override", paramLabel = "ARTIFACT/PATH=VALUE", description = {
                    "set a field of one artifact before importing, e.g.",
                    "Orders.Out/primaryTransport.address=https://prod.example.com/orders",
                    "(VALUE is JSON when it parses as JSON, else text)"}) List<String> overrides,
            @Option(names = "--dry-run", description = "show what would change and change nothing") boolean dryRun) {
        ObjectNode document = (ObjectNode) object(json(file));
        if (overrides != null && !overrides.isEmpty()) {
            ObjectNode all = document.path("overrides").isObject() ? (ObjectNode) document.path("overrides")
                    : document.putObject("overrides");
            for (String override : overrides) {
                Map.Entry<String, JsonNode> parsed = override(override);
                String[] target = parsed.getKey().split("/", 2);
                ObjectNode artifact = all.path(target[0]).isObject() ? (ObjectNode) all.path(target[0])
                        : all.putObject(target[0]);
                artifact.set(target[1], parsed.getValue());
            }
        }
        if (dryRun) {
            return dryRun(application, document);
        }
        JsonNode report = api().put(api().command(), path(application), document);
        if (output().json()) {
            output().print(report);
            return 0;
        }
        output().list(report.path("artifacts"), Output.Column.of("KIND", "kind"), Output.Column.of("NAME", "name"),
                Output.Column.of("CHANGE", "change"), Output.Column.of("BEFORE", "before"),
                Output.Column.of("AFTER", "after"), Output.Column.of("VERSION", "version"));
        for (JsonNode left : report.path("notInDocument")) {
            output().line("not in the document (left as it is): " + left.path("kind").asText() + " "
                    + left.path("name").asText() + " " + left.path("status").asText());
        }
        return 0;
    }

    private int dryRun(String application, ObjectNode document) {
        JsonNode current;
        try {
            current = api().get(api().command(), path(application));
        } catch (Api.Refused refused) {
            if (!"NOT_FOUND".equals(refused.code)) {
                throw refused;
            }
            current = null;
        }
        BindingsDiff.Plan plan = BindingsDiff.plan(current, BindingsDiff.applyOverrides(document));
        if (output().json()) {
            ObjectNode answer = Api.JSON.createObjectNode().put("application", application).put("dryRun", true);
            answer.set("artifacts", Api.JSON.valueToTree(plan.artifacts()));
            answer.set("notInDocument", Api.JSON.valueToTree(plan.notInDocument()));
            output().print(answer);
            return 0;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[]{"KIND", "NAME", "CHANGE", "STATUS", "FIELDS"});
        for (BindingsDiff.ArtifactChange change : plan.artifacts()) {
            String status = change.statusBefore() == null ? change.statusAfter()
                    : change.statusBefore().equals(change.statusAfter()) ? change.statusAfter()
                    : change.statusBefore() + " -> " + change.statusAfter();
            List<String> fields = new ArrayList<>();
            change.fields().forEach(field -> fields.add(field.path() + ": " + Output.text(field.before()) + " -> "
                    + Output.text(field.after())));
            rows.add(new String[]{change.kind(), change.name(), change.change(), status,
                    fields.isEmpty() ? "-" : String.join("; ", fields)});
        }
        output().table(rows);
        plan.notInDocument().forEach(left -> output().line("not in the document (left as it is): " + left.kind()
                + " " + left.name() + " " + left.status()));
        output().line("dry run: nothing was changed");
        return 0;
    }

    static Map.Entry<String, JsonNode> override(String override) {
        int equals = override.indexOf('=');
        int slash = override.indexOf('/');
        if (equals < 0 || slash < 1 || slash > equals - 2) {
            throw new Portway.UsageProblem("--override takes ARTIFACT/PATH=VALUE, not " + override);
        }
        String value = override.substring(equals + 1);
        JsonNode parsed;
        try {
            parsed = Api.JSON.reader().with(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(value);
            if (parsed == null || parsed.isMissingNode()) {
                parsed = Api.JSON.getNodeFactory().textNode(value);
            }
        } catch (IOException e) {
            parsed = Api.JSON.getNodeFactory().textNode(value);
        }
        return Map.entry(override.substring(0, equals), parsed);
    }

    private static JsonNode object(JsonNode document) {
        if (!document.isObject()) {
            throw new Portway.UsageProblem("a bindings document is a JSON object");
        }
        return document;
    }

    private static String path(String application) {
        return "/api/applications/" + Api.encode(application) + "/bindings";
    }
}
