package io.portway.delivery.routing;

import org.springframework.boot.autoconfigure.kafka.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.FixedBackOff;

/** How the routing table consumes {@code portway.send-port-events} ({@link RoutingTableProjection}). */
@Configuration(proxyBeanMethods = false)
class RoutingKafkaConfiguration {

    /**
     * A record that cannot be applied is retried from its offset, nothing skipped, and the offset is committed only
     * after the transaction: a gap or the database away until they are resolved (their health is DOWN meanwhile),
     * anything else until the projection halts its partition ({@link RoutingTableProjection#ATTEMPTS}). Offsets are
     * committed asynchronously, so the next poll does not wait for the broker's answer: the table's truth is the
     * position stored with it ({@code delivery.routing_position}), and a commit lost in a crash only redelivers events
     * the sequence guard skips as duplicates.
     */
    @Bean
    ConcurrentKafkaListenerContainerFactory<Object, Object> routingListenerFactory(
            ConcurrentKafkaListenerContainerFactoryConfigurer configurer, ConsumerFactory<Object, Object> consumers) {
        ConcurrentKafkaListenerContainerFactory<Object, Object> factory = new ConcurrentKafkaListenerContainerFactory<>();
        configurer.configure(factory, consumers);
        DefaultErrorHandler errors = new DefaultErrorHandler(new FixedBackOff(1000, FixedBackOff.UNLIMITED_ATTEMPTS));
        errors.setLogLevel(org.springframework.kafka.KafkaException.Level.WARN);
        factory.setCommonErrorHandler(errors);
        factory.getContainerProperties().setSyncCommits(false);
        return factory;
    }
}
