package io.portway.console.group;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.portway.events.ArtifactStatus;
import io.portway.events.Filter;

import java.util.List;

/** A send port group as the query service shows it, with its members' statuses in membership order. */
@JsonIgnoreProperties(ignoreUnknown = true)
record SendPortGroup(String name, String description, String application, List<Member> sendPorts, Filter filter,
        ArtifactStatus status, long version) {

    SendPortGroup {
        sendPorts = sendPorts == null ? List.of() : sendPorts;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Member(String name, ArtifactStatus status) {
    }

    List<ArtifactStatus> memberStatuses() {
        return sendPorts.stream().map(Member::status).toList();
    }
}
