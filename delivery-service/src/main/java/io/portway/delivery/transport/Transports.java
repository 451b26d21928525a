package io.portway.delivery.transport;

import io.portway.events.TransportType;
import org.springframework.stereotype.Component;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The adapters by type. */
@Component
public class Transports {

    private final Map<TransportType, TransportAdapter> adapters = new EnumMap<>(TransportType.class);

    Transports(List<TransportAdapter> adapters) {
        adapters.forEach(adapter -> this.adapters.put(adapter.type(), adapter));
    }

    public Sent send(TransportType type, Outbound outbound) throws TransportException {
        TransportAdapter adapter = adapters.get(type);
        if (adapter == null) {
            throw new TransportException("no adapter for transport type " + type);
        }
        return adapter.send(outbound);
    }

    /** The transport type an address implies: {@code file:}, {@code http(s):}, {@code kafka:}. */
    public static TransportType typeOf(String address) {
        String lower = address.toLowerCase();
        if (lower.startsWith("file:")) {
            return TransportType.FILE;
        }
        if (lower.startsWith("http:") || lower.startsWith("https:")) {
            return TransportType.HTTP;
        }
        if (lower.startsWith("kafka:")) {
            return TransportType.KAFKA;
        }
        return null;
    }
}
