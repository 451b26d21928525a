package io.portway.console.instance;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A service instance as the delivery service shows it. Its timestamps are kept by name as the service sends
 * them ({@code others}), so that the page shows whichever the service records.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
final class ServiceInstance {

    private static final Set<String> FINAL = Set.of("Completed", "Terminated");

    String id;
    String messageId;
    String sendPort;
    String via;
    String status;
    String reason;
    int attempts;
    JsonNode attemptLog;
    String transport;
    JsonNode resubmissions;
    String resubmittedFrom;
    final Map<String, JsonNode> others = new TreeMap<>();

    @JsonAnySetter
    void other(String name, JsonNode value) {
        others.put(name, value);
    }

    public String getId() {
        return id;
    }

    public String getMessageId() {
        return messageId;
    }

    public String getSendPort() {
        return sendPort;
    }

    public String getVia() {
        return via;
    }

    public String getStatus() {
        return status;
    }

    public String getReason() {
        return reason;
    }

    public int getAttempts() {
        return attempts;
    }

    public JsonNode getAttemptLog() {
        return attemptLog;
    }

    public String getTransport() {
        return transport;
    }

    public JsonNode getResubmissions() {
        return resubmissions;
    }

    public String getResubmittedFrom() {
        return resubmittedFrom;
    }

    public Map<String, JsonNode> getOthers() {
        return others;
    }

    /** The most telling time the service gave: last update, else creation. */
    public String getTime() {
        for (String name : new String[] {"updatedAt", "completedAt", "suspendedAt", "createdAt", "acceptedAt"}) {
            JsonNode value = others.get(name);
            if (value != null && value.isTextual()) {
                return value.asText();
            }
        }
        return others.entrySet().stream().filter(entry -> entry.getKey().endsWith("At") && entry.getValue().isTextual())
                .map(entry -> entry.getValue().asText()).findFirst().orElse("");
    }

    public boolean isResumable() {
        return "Suspended".equals(status);
    }

    public boolean isSuspendable() {
        return status != null && !FINAL.contains(status) && !status.startsWith("Suspended");
    }

    public boolean isTerminable() {
        return status != null && !FINAL.contains(status);
    }
}
