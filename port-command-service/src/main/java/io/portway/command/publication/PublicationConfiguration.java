package io.portway.command.publication;

import io.portway.events.PortwayEvent;
import io.portway.support.PortwayTopics;
import org.apache.kafka.clients.admin.NewTopic;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.TopicBuilder;

/**
 * The publishing processor (pooled streaming, tokens in PostgreSQL) and its topic. Events are sequenced by
 * artifact name, the Kafka key, so that one name's events reach Kafka in store order even across a delete and
 * re-create.
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
class PublicationConfiguration {

    /** The event store with an "events available" callback, so the processor publishes at once (no 500 ms poll). */
    @Bean
    WakingEventSource publicationSource(ObjectProvider<EventStore> store, ObjectProvider<EventStorageEngine> engine) {
        return new WakingEventSource(store::getObject, engine::getObject);
    }

    /**
     * One segment by default ({@code portway.command.publication-segments}, read only when the processor's tokens are
     * first made): one work package sends every event in store order, and a batch of up to
     * {@code portway.command.publication-batch} events (default 1,000) shares one wait for Kafka's acknowledgements
     * and one token update. Measured (benchmark {@code publication_rate}): Axon's coordinator checks each work
     * package's queue (an O(n) {@code ConcurrentLinkedQueue.size}) and each package tests every event against its
     * segment, so four segments cost four times that for no gain on two cores. More segments let more instances
     * publish at once; an instance that does not hold an event's segment still answers after it is published (it
     * reads the token table, {@link PublicationWait}).
     */
    @Bean
    ConfigurerModule kafkaPublicationProcessor(WakingEventSource source,
            @Value("${portway.command.publication-segments:1}") int segments,
            @Value("${portway.command.publication-batch:1000}") int batch) {
        SequencingPolicy<EventMessage<?>> byName = event -> event.getPayload() instanceof PortwayEvent portway
                ? portway.name() : event.getIdentifier();
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerPooledStreamingEventProcessor(KafkaPublication.PROCESSOR, config -> source,
                        (config, builder) -> builder.batchSize(batch).initialSegmentCount(segments))
                .registerSequencingPolicy(KafkaPublication.PROCESSOR, config -> byName));
    }

    /** A command's answer waits until Kafka has its events. */
    @Bean
    FilterRegistrationBean<PublishedAnswers> publishedAnswers(PublicationWait publication) {
        FilterRegistrationBean<PublishedAnswers> registration =
                new FilterRegistrationBean<>(new PublishedAnswers(publication));
        registration.addUrlPatterns("/api/*");
        return registration;
    }

    /** The log other services replay: kept forever. */
    @Bean
    NewTopic sendPortEventsTopic(PortwayTopics topics) {
        return TopicBuilder.name(topics.sendPortEvents()).partitions(3).config("retention.ms", "-1").build();
    }
}
