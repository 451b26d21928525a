package io.portway.command.config;

import io.portway.messaging.PortwayJackson;
import io.portway.support.CorrelationId;
import io.portway.support.Traceparent;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.JCacheAdapter;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcSQLErrorCodesResolver;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
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

import java.util.HashMap;
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
    static final String TRACEPARENT = Traceparent.HEADER;

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

    /**
     * Axon's embedded event store as Spring Boot would make it, but looking for events committed by other instances
     * every 100 ms instead of every second: the publication processor of one instance publishes what another
     * stored, and that instance's answer waits for it. Local commits are seen at once regardless. Declaring the
     * store turns off Axon's auto-configured storage engine and its exception resolver, so both are declared too,
     * as Axon's {@code JdbcAutoConfiguration} makes them. The publication does not tail the store's shared cache
     * (WakingEventSource reads the storage engine a batch at a time and rings after each commit), so the cache's
     * cleaner keeps its default.
     */
    @Bean(name = "eventBus")
    EmbeddedEventStore eventStore(EventStorageEngine storageEngine, org.axonframework.config.Configuration axon) {
        return EmbeddedEventStore.builder()
                .storageEngine(storageEngine)
                .messageMonitor(axon.messageMonitor(EventStore.class, "eventStore"))
                .spanFactory(axon.getComponent(EventBusSpanFactory.class))
                .fetchDelay(100)
                .build();
    }

    @Bean
    EventStorageEngine eventStorageEngine(Serializer defaultSerializer,
            PersistenceExceptionResolver persistenceExceptionResolver,
            @Qualifier("eventSerializer") Serializer eventSerializer, org.axonframework.config.Configuration axon,
            ConnectionProvider connectionProvider, TransactionManager transactionManager, EventSchema eventSchema) {
        return JdbcEventStorageEngine.builder()
                .snapshotSerializer(defaultSerializer)
                .upcasterChain(axon.upcasterChain())
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .eventSerializer(eventSerializer)
                .snapshotFilter(axon.snapshotFilter())
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .schema(eventSchema)
                // rows per query when a processor reads the store (default 100): a catch-up reads 1,000 at a time
                .batchSize(1000)
                .build();
    }

    /** Tells a duplicate (aggregate, sequence) apart from other failures: a concurrent change, not an error. */
    @Bean
    PersistenceExceptionResolver persistenceExceptionResolver() {
        return new JdbcSQLErrorCodesResolver();
    }

    /**
     * Aggregates stay in memory between commands, so a command on a known artifact reads no events: a strong,
     * bounded cache (Caffeine through JCache; {@code portway.command.aggregate-cache-size}, default 10,000 artifacts,
     * least recently used evicted). A weak-reference cache lost its entries at every young collection. An entry is
     * dropped whenever a unit of work rolls back, and a concurrent append by another instance fails on the event
     * store's (aggregate, sequence) key, so a stale entry can never write.
     */
    @Bean
    Cache artifactCache(@org.springframework.beans.factory.annotation.Value(
            "${portway.command.aggregate-cache-size:10000}") long size) {
        javax.cache.spi.CachingProvider provider = javax.cache.Caching.getCachingProvider(
                com.github.benmanes.caffeine.jcache.spi.CaffeineCachingProvider.class.getName());
        javax.cache.CacheManager manager = provider.getCacheManager(provider.getDefaultURI(),
                AxonConfiguration.class.getClassLoader());
        com.github.benmanes.caffeine.jcache.configuration.CaffeineConfiguration<Object, Object> configuration =
                new com.github.benmanes.caffeine.jcache.configuration.CaffeineConfiguration<>();
        configuration.setMaximumSize(java.util.OptionalLong.of(size));
        configuration.setStoreByValue(false);
        // one cache per application context (tests start several in one JVM)
        return new JCacheAdapter(manager.createCache("portway-aggregates-" + java.util.UUID.randomUUID(),
                configuration));
    }

    /**
     * Copies principal, correlation id and the request's W3C traceparent from the command to every event it causes;
     * the publication puts the traceparent on the event's Kafka record (README, Tracing).
     */
    @Bean
    CorrelationDataProvider auditMetadata() {
        return new SimpleCorrelationDataProvider(PRINCIPAL, CORRELATION_ID, TRACEPARENT);
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
                return (index, command) -> {
                    Map<String, Object> audit = new HashMap<>();
                    audit.put(PRINCIPAL, principal());
                    audit.put(CORRELATION_ID, CorrelationId.current());
                    String traceparent = Traceparent.current();
                    if (traceparent != null) {
                        audit.put(TRACEPARENT, traceparent);
                    }
                    return command.andMetaData(audit);
                };
            }
        };
    }

    private static String principal() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication == null || authentication.getName() == null ? "system" : authentication.getName();
    }
}
