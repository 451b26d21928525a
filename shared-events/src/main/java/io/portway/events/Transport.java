package io.portway.events;

import java.time.Duration;
import java.util.Map;

/**
 * Where and how a send port delivers: a FILE, HTTP or KAFKA address with adapter properties, its retry policy
 * and an optional service window.
 */
public record Transport(
        TransportType type,
        String address,
        Map<String, String> properties,
        int retryCount,
        Duration retryInterval,
        ServiceWindow serviceWindow) {

    public static final int DEFAULT_RETRY_COUNT = 3;
    public static final Duration DEFAULT_RETRY_INTERVAL = Duration.ofMinutes(5);

    public Transport {
        properties = properties == null ? Map.of() : Map.copyOf(properties);
    }
}
