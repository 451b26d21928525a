package io.portway.command.bindings;

import com.fasterxml.jackson.databind.JsonNode;
import io.portway.command.bindings.Bindings.GroupBinding;
import io.portway.messaging.SendPortView;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;
import java.util.Map;

/**
 * The body of {@code PUT /api/applications/{application}/bindings}: a document as exported, optionally with
 * per-environment overrides. Ports and groups stay JSON trees until the overrides are applied, so that every
 * problem can be named by its place in the document.
 */
@Schema(description = "A bindings document (as exported by GET) with optional overrides. In each send port,"
        + " `version` and `groups` are ignored (memberships come from the groups' `sendPorts`); `status` is the"
        + " status to reach (absent: Bound for a new artifact, unchanged for an existing one). A group's"
        + " `sendPorts` may list names or {name, status} objects.")
record BindingsDocument(
        @Schema(description = "optional; when present it must be the application of the path")
        String application,
        @ArraySchema(schema = @Schema(implementation = SendPortView.class))
        List<JsonNode> sendPorts,
        @ArraySchema(schema = @Schema(implementation = GroupBinding.class))
        List<JsonNode> sendPortGroups,
        @Schema(description = "{\"<artifact name>\": {\"<field path>\": <value>}}, applied before validation, e.g."
                + " {\"orders-out\": {\"primaryTransport.address\": \"https://prod.example.com/orders\"}}."
                + " Paths: any configuration field of a port or group, nested transport fields such as"
                + " primaryTransport.address or backupTransport.properties.<key>, and status.",
                example = "{\"orders-out\": {\"primaryTransport.address\": \"https://prod.example.com/orders\"}}")
        Map<String, Map<String, JsonNode>> overrides) {
}
