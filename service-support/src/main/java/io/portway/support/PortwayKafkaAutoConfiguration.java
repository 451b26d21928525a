package io.portway.support;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.kafka.KafkaAutoConfiguration;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaAdmin;

import java.time.Duration;

/** Kafka's part of every service's readiness (health contributor {@code kafka}). */
@AutoConfiguration(after = KafkaAutoConfiguration.class)
@ConditionalOnClass(KafkaAdmin.class)
public class PortwayKafkaAutoConfiguration {

    @Bean
    @ConditionalOnBean(KafkaAdmin.class)
    HealthIndicator kafkaHealthIndicator(KafkaAdmin admin,
            @Value("${spring.kafka.consumer.group-id:}") String consumerGroup) {
        return new KafkaHealth(admin, consumerGroup, Duration.ofSeconds(3));
    }
}
