package io.portway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code portway messages publish|explain|show}: messages of the delivery service. */
@Command(name = "messages", description = "Messages: publish, explain, show.")
final class MessagesCommand extends Base {

    @Command(name = "publish", description = {"Publish a message: its body from a file, its context from -c (PUBLISHER).",
            "The answer lists a route per subscribed send port; 422 NO_SUBSCRIBERS when none subscribes."})
    public int publish(@Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE",
                               description = "the body, - for standard input") Path file,
            @Option(names = {"-c", "--context"}, paramLabel = "PROPERTY=VALUE",
                    description = "a context property, e.g. -c Orders.Country=NL") Map<String, String> context,
            @Option(names = "--id", description = "the message id (publishing the same id again answers the first"
                    + " answer); default: the service makes one") String id,
            @Option(names = "--content-type", paramLabel = "TYPE") String contentType) {
        byte[] body = bytes(file);
        ObjectNode message = Api.JSON.createObjectNode();
        if (id != null) {
            message.put("id", id);
        }
        message.set("context", Api.JSON.valueToTree(context == null ? Map.of() : new LinkedHashMap<>(context)));
        String text = utf8(body);
        message.put("body", text != null ? text : Base64.getEncoder().encodeToString(body));
        message.put("bodyEncoding", text != null ? "utf-8" : "base64");
        if (contentType != null) {
            message.put("contentType", contentType);
        }
        JsonNode answer = api().post(api().delivery(), "/api/messages", message);
        if (output().json()) {
            output().print(answer);
        } else {
            output().line("message " + answer.path("messageId").asText());
            output().list(answer.path("routes"), Output.Column.of("SEND PORT", "sendPort"),
                    Output.Column.of("VIA", "via"), Output.Column.of("INSTANCE", "instanceId"),
                    Output.Column.of("STATUS", "status"));
        }
        return 0;
    }

    @Command(name = "explain", description = {"Who would receive this message, and why not the others? Stores and "
            + "delivers nothing (VIEWER or PUBLISHER).",
            "The routes, then the near misses (closest first) with the failing statements."})
    public int explain(@Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE",
                               description = "the message as for the API: {\"context\":{...}} (a body is optional);"
                                       + " - for standard input") Path file,
            @Option(names = "--limit", paramLabel = "N", description = "at most this many near misses (default 20)")
            Integer limit,
            @Option(names = "--as-of", paramLabel = "INSTANT",
                    description = "against the configuration at an ISO-8601 instant") Instant asOf) {
        Explanations.print(output(), api().post(api().delivery(), "/api/messages/explain"
                + Api.query(Api.parameters("limit", limit, "asOf", asOf)), json(file)));
        return 0;
    }

    @Command(name = "show", description = "A message: its context, body and service instances.")
    public int show(@Parameters(paramLabel = "ID") String id) {
        JsonNode message = api().get(api().delivery(), "/api/messages/" + Api.encode(id));
        if (output().json()) {
            output().print(message);
            return 0;
        }
        ObjectNode summary = message.deepCopy();
        summary.remove("instances");
        output().object(summary);
        output().line("");
        output().list(message.path("instances"), InstancesCommand.COLUMNS);
        return 0;
    }

    private static String utf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
