package io.portway.command.bindings;

import com.fasterxml.jackson.annotation.JsonValue;
import io.portway.events.ArtifactKind;
import io.portway.events.ArtifactStatus;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** The answer of a bindings import: per artifact of the document what happened, and what the document left out. */
@Schema(description = "What a bindings import did")
record ImportReport(String application, List<ArtifactOutcome> artifacts, List<NotInDocument> notInDocument) {

    enum Change {
        CREATED, RECONFIGURED, UNCHANGED;

        @JsonValue
        String json() {
            return name().toLowerCase();
        }
    }

    @Schema(description = "An artifact of the document: whether its configuration (incl. memberships) was created,"
            + " reconfigured or left unchanged, its status before (null when created) and after, and its version")
    record ArtifactOutcome(ArtifactKind kind, String name, Change change, ArtifactStatus before,
                           ArtifactStatus after, long version) {
    }

    @Schema(description = "An artifact of the application that the document does not mention: left untouched")
    record NotInDocument(ArtifactKind kind, String name, ArtifactStatus status) {
    }
}
