package io.portway.query.projection;

import io.portway.support.PortwayTopics;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.FixedBackOff;

@Configuration(proxyBeanMethods = false)
class ProjectionConfiguration {

    static final String CONSUMER_GROUP = "port-query-service";

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
