package io.portway.command.sendport;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.portway.events.ArtifactStatus;
import io.portway.events.SendPortConfiguration;
import io.portway.messaging.TransportSecrets;

import java.util.List;

/**
 * A send port as the command API answers it: the fixed properties, every configured property (unwrapped into the
 * same JSON object) with defaults applied, status, version, groups; secret transport properties show
 * {@link TransportSecrets#MASK}.
 */
public record SendPortView(
        String name,
        boolean dynamic,
        boolean twoWay,
        @JsonUnwrapped SendPortConfiguration configuration,
        ArtifactStatus status,
        long version,
        List<String> groups) {

    public static SendPortView of(String name, boolean dynamic, boolean twoWay, SendPortConfiguration stored,
            ArtifactStatus status, long version, List<String> groups) {
        return new SendPortView(name, dynamic, twoWay, TransportSecrets.redacted(stored), status, version, groups);
    }
}
