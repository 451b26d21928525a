package io.portway.console.sendport;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.portway.events.Transport;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * A transport as typed into the form (strings, so that wrong input comes back as typed). Field names are the
 * API's: {@code primaryTransport.address}, {@code backupTransport.retryCount}, … The console sends what was typed
 * and lets the command service validate it, so the rules and messages are the API's own.
 */
record TransportForm(
        boolean enabled,
        String type,
        String address,
        String retryCount,
        String retryInterval,
        String properties,
        boolean windowEnabled,
        String windowFrom,
        String windowTo,
        String windowZone) {

    static TransportForm blank(boolean enabled) {
        return new TransportForm(enabled, "FILE", "", String.valueOf(Transport.DEFAULT_RETRY_COUNT),
                Transport.DEFAULT_RETRY_INTERVAL.toString(), "", false, "", "", "");
    }

    static TransportForm of(Transport transport) {
        if (transport == null) {
            return blank(false);
        }
        var window = transport.serviceWindow();
        return new TransportForm(true,
                transport.type() == null ? "" : transport.type().name(),
                nullToEmpty(transport.address()),
                String.valueOf(transport.retryCount()),
                transport.retryInterval() == null ? "" : transport.retryInterval().toString(),
                transport.properties().entrySet().stream()
                        .map(entry -> entry.getKey() + "=" + entry.getValue())
                        .sorted()
                        .collect(Collectors.joining("\n")),
                window != null,
                window == null || window.from() == null ? "" : window.from().toString(),
                window == null || window.to() == null ? "" : window.to().toString(),
                window == null || window.zone() == null ? "" : window.zone());
    }

    static TransportForm parse(String prefix, Map<String, String> form, boolean enabled) {
        return new TransportForm(enabled,
                form.getOrDefault(prefix + ".type", "").trim(),
                form.getOrDefault(prefix + ".address", "").trim(),
                form.getOrDefault(prefix + ".retryCount", "").trim(),
                form.getOrDefault(prefix + ".retryInterval", "").trim(),
                form.getOrDefault(prefix + ".properties", ""),
                form.containsKey(prefix + ".serviceWindow.enabled"),
                form.getOrDefault(prefix + ".serviceWindow.from", "").trim(),
                form.getOrDefault(prefix + ".serviceWindow.to", "").trim(),
                form.getOrDefault(prefix + ".serviceWindow.zone", "").trim());
    }

    ObjectNode toJson() {
        ObjectNode transport = JsonNodeFactory.instance.objectNode();
        transport.put("type", type);
        transport.put("address", address);
        ObjectNode adapterProperties = transport.putObject("properties");
        for (String line : properties.split("\\R")) {
            int equals = line.indexOf('=');
            if (equals > 0) {
                adapterProperties.put(line.substring(0, equals).trim(), line.substring(equals + 1).trim());
            }
        }
        Numbers.putIntOrText(transport, "retryCount", retryCount);
        if (!retryInterval.isBlank()) {
            transport.put("retryInterval", retryInterval);
        }
        if (windowEnabled) {
            ObjectNode window = transport.putObject("serviceWindow");
            window.put("from", windowFrom);
            window.put("to", windowTo);
            if (!windowZone.isBlank()) {
                window.put("zone", windowZone);
            }
        }
        return transport;
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
