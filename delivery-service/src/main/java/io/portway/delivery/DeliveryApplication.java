package io.portway.delivery;

import io.micrometer.core.instrument.MeterRegistry;
import io.portway.delivery.routing.RoutingTable;
import io.portway.messaging.DeliveryEventCodec;
import io.portway.messaging.SendPortEventCodec;
import io.portway.support.EventSequenceGuard;
import io.portway.support.PortwaySecurity;
import io.portway.support.PortwayTopics;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The delivery service: routing table, message box, workers and operator actions (ARCHITECTURE.md §6).
 */
@SpringBootApplication
@EnableScheduling
@EnableConfigurationProperties(DeliveryProperties.class)
public class DeliveryApplication {

    public static void main(String[] args) {
        SpringApplication.run(DeliveryApplication.class, args);
    }

    @Bean
    SecurityFilterChain security(HttpSecurity http) throws Exception {
        return PortwaySecurity.filterChain(http, rules -> rules
                .requestMatchers(HttpMethod.POST, "/api/messages/explain")
                .hasAnyRole(PortwaySecurity.VIEWER, PortwaySecurity.PUBLISHER)
                .requestMatchers(HttpMethod.POST, "/api/messages").hasRole(PortwaySecurity.PUBLISHER)
                .requestMatchers(HttpMethod.POST, "/api/service-instances/**").hasRole(PortwaySecurity.OPERATOR)
                .requestMatchers(HttpMethod.GET, "/api/**").hasRole(PortwaySecurity.VIEWER));
    }

    @Bean
    EventSequenceGuard eventSequenceGuard(JdbcTemplate jdbc, MeterRegistry meters) {
        return new EventSequenceGuard(jdbc, "delivery.event_sequence", meters);
    }

    @Bean
    RoutingTable routingTable() {
        return new RoutingTable();
    }

    @Bean
    SendPortEventCodec sendPortEventCodec() {
        return new SendPortEventCodec();
    }

    @Bean
    DeliveryEventCodec deliveryEventCodec() {
        return new DeliveryEventCodec();
    }

    @Bean
    NewTopic sendPortEventsTopic(PortwayTopics topics) {
        // as the command service creates it; declared here too so the routing table's consumer never subscribes to a
        // topic that does not exist yet (it could then wait minutes for its partitions)
        return TopicBuilder.name(topics.sendPortEvents()).partitions(3).config("retention.ms", "-1").build();
    }

    @Bean
    NewTopic messagesTopic(PortwayTopics topics) {
        return TopicBuilder.name(topics.messages()).partitions(3).build();
    }

    @Bean
    NewTopic deliveryEventsTopic(PortwayTopics topics) {
        return TopicBuilder.name(topics.deliveryEvents()).partitions(3).build();
    }
}
