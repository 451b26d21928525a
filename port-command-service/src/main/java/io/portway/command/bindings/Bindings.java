package io.portway.command.bindings;

import io.portway.messaging.SendPortView;
import io.portway.events.ArtifactStatus;
import io.portway.events.Filter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/**
 * The bindings of an application as {@code GET /api/applications/{application}/bindings} answers them: every port
 * as {@code GET /api/send-ports/{name}} answers it, every group with its members as names.
 */
@Schema(description = "The whole configuration of an application: its send ports and send port groups with their"
        + " statuses")
record Bindings(String application, List<SendPortView> sendPorts, List<GroupBinding> sendPortGroups) {

    @Schema(description = "A send port group in a bindings document; sendPorts are member names in membership order")
    record GroupBinding(String name, String description, String application, Filter filter,
                        @ArraySchema(schema = @Schema(description = "send port name")) List<String> sendPorts,
                        ArtifactStatus status, long version) {
    }
}
