package io.portway.command.application;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.portway.events.ArtifactKind;
import io.portway.events.ArtifactStatus;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** The answer of {@code POST /api/applications/{application}/start|stop}: per artifact, what changed. */
@Schema(description = "What starting or stopping an application did, per send port and send port group")
record ApplicationReport(String application, List<ArtifactChange> artifacts) {

    @Schema(description = "One artifact: its status before and after, its version, and why it did not change if it"
            + " was refused")
    record ArtifactChange(ArtifactKind kind, String name, ArtifactStatus before, ArtifactStatus after, long version,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Refusal error) {
    }

    @Schema(description = "Why the action was refused for this artifact (the others were still done)")
    record Refusal(String code, String detail) {
    }
}
