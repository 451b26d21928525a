package io.portway.command.config;

import io.portway.support.Uuids;
import org.axonframework.common.IdentifierFactory;

/**
 * The identifiers Axon gives messages (every event, command and result), from {@link Uuids} instead of
 * {@code UUID.randomUUID()}, whose shared lock the publication threads queued on behind the request threads.
 * Axon finds it through {@code META-INF/services/org.axonframework.common.IdentifierFactory}.
 */
public class UuidIdentifiers extends IdentifierFactory {

    @Override
    public String generateIdentifier() {
        return Uuids.random().toString();
    }
}
