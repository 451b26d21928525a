package io.portway.events;

import java.util.List;

/** A send port group was created, in status {@link ArtifactStatus#Bound}, with its initial members in order. */
public record SendPortGroupCreated(String name, SendPortGroupConfiguration configuration, List<String> sendPorts)
        implements SendPortGroupEvent {

    public SendPortGroupCreated {
        sendPorts = sendPorts == null ? List.of() : List.copyOf(sendPorts);
    }
}
