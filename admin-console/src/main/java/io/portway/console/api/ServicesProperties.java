package io.portway.console.api;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;
import java.time.Duration;

/** Where the three services answer ({@code portway.services.*}). */
@ConfigurationProperties("portway.services")
public record ServicesProperties(
        @DefaultValue("http://127.0.0.1:8081") URI commandUrl,
        @DefaultValue("http://127.0.0.1:8082") URI queryUrl,
        @DefaultValue("http://127.0.0.1:8083") URI deliveryUrl,
        @DefaultValue("2s") Duration connectTimeout,
        @DefaultValue("30s") Duration readTimeout) {
}
