package io.portway.command.bindings;

import io.portway.command.bindings.ImportReport.NotInDocument;
import io.portway.events.ArtifactKind;
import io.portway.events.ArtifactStatus;
import io.portway.events.Lifecycle;

import java.util.List;

/**
 * What a validated bindings document will do, as the commands to send in order: ports created or reconfigured;
 * groups stopped or unenlisted; ports stopped; groups created or reconfigured (memberships); ports enlisted or
 * started; ports unenlisted; groups enlisted or started. So ports go up before groups and come down after them,
 * and a member leaves a group only once it is no longer Started.
 */
record ImportPlan(String application, List<Planned> artifacts, List<Step> steps, List<NotInDocument> notInDocument) {

    enum Action {
        CREATE, CONFIGURE, ENLIST, START, STOP, UNENLIST;

        static Action of(Lifecycle action) {
            return valueOf(action.name());
        }
    }

    /** One command to send; {@code command} is a command record of the port or group aggregate. */
    record Step(ArtifactKind kind, String name, Action action, Object command) {
    }

    /** An artifact of the document as it is before the import; {@code before} is null for a new one. */
    record Planned(ArtifactKind kind, String name, ArtifactStatus before, long version) {
    }
}
