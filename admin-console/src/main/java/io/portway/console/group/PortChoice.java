package io.portway.console.group;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.portway.events.ArtifactStatus;

/** A send port that could join a group: only static one-way ports may. */
@JsonIgnoreProperties(ignoreUnknown = true)
record PortChoice(String name, boolean dynamic, boolean twoWay, ArtifactStatus status, String application) {

    boolean groupable() {
        return !dynamic && !twoWay;
    }
}
