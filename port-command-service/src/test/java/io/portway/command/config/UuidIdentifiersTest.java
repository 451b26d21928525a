package io.portway.command.config;

import org.axonframework.common.IdentifierFactory;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class UuidIdentifiersTest {

    @Test
    void axonMakesItsIdentifiersWithPortwaysUuids() {
        assertThat(IdentifierFactory.getInstance()).isInstanceOf(UuidIdentifiers.class);
        assertThat(UUID.fromString(IdentifierFactory.getInstance().generateIdentifier()).version()).isEqualTo(4);
    }
}
