package io.portway.query.projection;

import io.portway.support.PortwayTopics;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.FixedBackOff;

@Configuration(proxyBeanMethods = false)
class ProjectionConfiguration {

    static final String CONSUMER_GROUP = "port-query-service";

    /**
     * As the command service creates it; declared here too so the live consumer never subscribes to a topic that
     * does not exist yet (it could then wait minutes for its partitions).
     */
    @Bean
    NewTopic sendPortEventsTopic(PortwayTopics topics) {
        return TopicBuilder.name(topics.sendPortEvents()).partitions(3).config("retention.ms", "-1").build();
    }

    @Bean
    Projector projector() {
        return new Projector();
    }

    /** The live consumer; a failing batch (database down, gap) is retried from the failed record, forever. */
    @Bean
    @SuppressWarnings("unchecked")
    ConcurrentMessageListenerContainer<String, byte[]> sendPortEventsContainer(
            ConcurrentKafkaListenerContainerFactory<?, ?> factory, PortwayTopics topics, LiveProjection listener) {
        ConcurrentMessageListenerContainer<String, byte[]> container =
                ((ConcurrentKafkaListenerContainerFactory<String, byte[]>) factory)
                        .createContainer(topics.sendPortEvents());
        container.getContainerProperties().setGroupId(CONSUMER_GROUP);
        container.getContainerProperties().setMessageListener(listener);
        container.setCommonErrorHandler(new DefaultErrorHandler(new FixedBackOff(200L,
                FixedBackOff.UNLIMITED_ATTEMPTS)));
        return container;
    }
}
