package io.portway.command.publication;

import io.portway.events.PortwayEvent;
import io.portway.support.PortwayTopics;
import org.apache.kafka.clients.admin.NewTopic;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.ObjectProvider;
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
    WakingEventSource publicationSource(ObjectProvider<EventStore> store) {
        return new WakingEventSource(store::getObject);
    }

    @Bean
    ConfigurerModule kafkaPublicationProcessor(WakingEventSource source) {
        SequencingPolicy<EventMessage<?>> byName = event -> event.getPayload() instanceof PortwayEvent portway
                ? portway.name() : event.getIdentifier();
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerPooledStreamingEventProcessor(KafkaPublication.PROCESSOR, config -> source,
                        (config, builder) -> builder.batchSize(200).initialSegmentCount(4))
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
