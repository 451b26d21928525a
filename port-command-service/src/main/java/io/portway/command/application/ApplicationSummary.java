package io.portway.command.application;

import io.portway.events.ArtifactStatus;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;
import java.util.Map;

/** One application of {@code GET /api/applications}: how many ports and groups it has in each status. */
@Schema(description = "An application and the number of its send ports and send port groups per status")
record ApplicationSummary(String application, Map<ArtifactStatus, Long> sendPorts,
                          Map<ArtifactStatus, Long> sendPortGroups) {

    /** The list answer of the API: {@code {items, next}}; applications are few, so there is one page. */
    record Page(List<ApplicationSummary> items, String next) {
    }
}
