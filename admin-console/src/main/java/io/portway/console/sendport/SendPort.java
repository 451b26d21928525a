package io.portway.console.sendport;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.portway.events.ArtifactStatus;
import io.portway.events.SendPortConfiguration;
import io.portway.events.Transport;

import java.util.List;

/**
 * A send port as the query service shows it: its fixed properties, its configuration (unwrapped: the same JSON
 * object), status, version and groups (tolerant reader: fields the console does not use are ignored).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record SendPort(
        String name,
        boolean dynamic,
        boolean twoWay,
        @JsonUnwrapped SendPortConfiguration configuration,
        ArtifactStatus status,
        long version,
        List<String> groups) {

    SendPort {
        groups = groups == null ? List.of() : groups;
    }

    public String description() {
        return configuration.description();
    }

    public String application() {
        return configuration.application();
    }

    public String transportSummary() {
        if (dynamic) {
            return "dynamic";
        }
        Transport primary = configuration.primaryTransport();
        return primary == null ? "" : primary.type() + " " + primary.address();
    }
}
