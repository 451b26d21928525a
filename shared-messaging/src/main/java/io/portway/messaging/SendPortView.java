package io.portway.messaging;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.portway.events.ArtifactStatus;
import io.portway.events.SendPortConfiguration;
import io.portway.events.Transport;

import java.util.List;

/**
 * A send port as the APIs show it ({@code GET /api/send-ports/{name}}): the fixed properties, every configured
 * property (unwrapped into the same JSON object) with defaults applied, status, version, groups. The command service
 * writes it with secret transport properties as {@link TransportSecrets#MASK}; the console reads it (tolerant
 * reader: fields it does not know, such as the query service's timestamps, are ignored).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SendPortView(
        String name,
        boolean dynamic,
        boolean twoWay,
        @JsonUnwrapped SendPortConfiguration configuration,
        ArtifactStatus status,
        long version,
        List<String> groups) {

    public SendPortView {
        groups = groups == null ? List.of() : groups;
    }

    /** The view of a stored port: its secret transport properties redacted. */
    public static SendPortView of(String name, boolean dynamic, boolean twoWay, SendPortConfiguration stored,
            ArtifactStatus status, long version, List<String> groups) {
        return new SendPortView(name, dynamic, twoWay, TransportSecrets.redacted(stored), status, version, groups);
    }

    public String description() {
        return configuration.description();
    }

    public String application() {
        return configuration.application();
    }

    /** How a list shows the transport: {@code dynamic}, or the primary transport's type and address. */
    public String transportSummary() {
        if (dynamic) {
            return "dynamic";
        }
        Transport primary = configuration.primaryTransport();
        return primary == null ? "" : primary.type() + " " + primary.address();
    }
}
