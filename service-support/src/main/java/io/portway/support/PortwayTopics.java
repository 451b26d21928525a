package io.portway.support;

import io.portway.messaging.Topics;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** The Kafka topic names a service uses ({@code portway.topics.*}); tests give each context its own. */
@ConfigurationProperties("portway.topics")
public record PortwayTopics(String sendPortEvents, String messages, String deliveryEvents) {

    public PortwayTopics {
        sendPortEvents = sendPortEvents == null ? Topics.SEND_PORT_EVENTS : sendPortEvents;
        messages = messages == null ? Topics.MESSAGES : messages;
        deliveryEvents = deliveryEvents == null ? Topics.DELIVERY_EVENTS : deliveryEvents;
    }
}
