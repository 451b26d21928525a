package io.portway.support;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.kafka.KafkaAutoConfiguration;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaAdmin;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Duration;

/**
 * Kafka's part of every service's readiness: health contributor {@code kafka} (the cluster, the consumer group's
 * lag) and {@code consumers} ({@link ConsumerHalts}: records a consumer cannot apply).
 */
@AutoConfiguration(after = KafkaAutoConfiguration.class)
@ConditionalOnClass(KafkaAdmin.class)
public class PortwayKafkaAutoConfiguration {

    @Bean
    @ConditionalOnBean(KafkaAdmin.class)
    HealthIndicator kafkaHealthIndicator(KafkaAdmin admin,
            @Value("${spring.kafka.consumer.group-id:}") String consumerGroup) {
        return new KafkaHealth(admin, consumerGroup, Duration.ofSeconds(3));
    }

    /** Readiness contributor {@code consumers}: DOWN while a consumer reported a record it cannot apply. */
    @Bean("consumers")
    @ConditionalOnMissingBean
    ConsumerHalts consumerHalts(MeterRegistry meters) {
        return new ConsumerHalts(meters);
    }
}
