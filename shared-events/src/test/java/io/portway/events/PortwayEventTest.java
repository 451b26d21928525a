package io.portway.events;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PortwayEventTest {

    @Test
    void every_event_is_known_by_its_type_name_and_kind() {
        assertThat(PortwayEvent.types()).hasSize(16)
                .containsEntry("SendPortStarted", SendPortStarted.class)
                .containsEntry("SendPortAddedToGroup", SendPortAddedToGroup.class);
        assertThat(new SendPortAddedToGroup("G", "P").kind()).isEqualTo(ArtifactKind.SendPortGroup);
        assertThat(new SendPortStarted("P").type()).isEqualTo("SendPortStarted");
    }
}
