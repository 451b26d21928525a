package io.portway.command.config;

import io.portway.messaging.PortwayJackson;
import io.portway.support.CorrelationId;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.WeakReferenceCache;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Axon on PostgreSQL without Axon Server: the JDBC event store and token store in schema {@code command}, events as
 * JSON in the published language's form, and the audit metadata (principal, correlation id) on every event.
 */
@Configuration(proxyBeanMethods = false)
class AxonConfiguration {

    static final String PRINCIPAL = "principal";
    static final String CORRELATION_ID = "correlationId";

    @Bean
    EventSchema eventSchema() {
        return EventSchema.builder()
                .eventTable("command.domainevententry")
                .snapshotTable("command.snapshotevententry")
                .build();
    }

    @Bean
    TokenSchema tokenSchema() {
        return TokenSchema.builder().setTokenTable("command.tokenentry").build();
    }

    @Bean
    @Primary
    Serializer serializer() {
        return jackson();
    }

    @Bean
    @Qualifier("messageSerializer")
    Serializer messageSerializer() {
        return jackson();
    }

    @Bean
    @Qualifier("eventSerializer")
    Serializer eventSerializer() {
        return jackson();
    }

    private static Serializer jackson() {
        return JacksonSerializer.builder().objectMapper(PortwayJackson.newObjectMapper()).build();
    }

    /** Aggregates stay in memory between commands; an entry is dropped whenever a unit of work rolls back. */
    @Bean
    Cache artifactCache() {
        return new WeakReferenceCache();
    }

    /** Copies principal and correlation id from the command to every event it causes. */
    @Bean
    CorrelationDataProvider auditMetadata() {
        return new SimpleCorrelationDataProvider(PRINCIPAL, CORRELATION_ID);
    }

    @Bean
    CommandGateway commandGateway(CommandBus commandBus) {
        return DefaultCommandGateway.builder()
                .commandBus(commandBus)
                .dispatchInterceptors(auditOfCaller())
                .build();
    }

    private static MessageDispatchInterceptor<CommandMessage<?>> auditOfCaller() {
        return new MessageDispatchInterceptor<>() {
            @Override
            public BiFunction<Integer, CommandMessage<?>, CommandMessage<?>> handle(
                    List<? extends CommandMessage<?>> messages) {
                return (index, command) -> command.andMetaData(Map.of(
                        PRINCIPAL, principal(),
                        CORRELATION_ID, CorrelationId.current()));
            }
        };
    }

    private static String principal() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication == null || authentication.getName() == null ? "system" : authentication.getName();
    }
}
