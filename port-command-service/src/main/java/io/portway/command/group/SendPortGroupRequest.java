package io.portway.command.group;

import io.portway.command.artifact.Fields;
import io.portway.events.Filter;
import io.portway.events.SendPortGroupConfiguration;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The body of {@code POST /api/send-port-groups} and {@code PUT /api/send-port-groups/{name}}. */
public record SendPortGroupRequest(String name, String description, String application, Filter filter,
                            List<String> sendPorts) {

    /** Checks every rule that needs no state; defaults applied. */
    public SendPortGroupConfiguration configuration(boolean creating) {
        Fields fields = new Fields();
        if (creating) {
            fields.name(name);
        }
        fields.description(description);
        String application = fields.application(this.application);
        Filter filter = fields.filter(this.filter);
        if (sendPorts != null) {
            var seen = new HashSet<String>();
            for (int i = 0; i < sendPorts.size(); i++) {
                String port = sendPorts.get(i);
                if (port == null || port.isBlank()) {
                    fields.reject("sendPorts[" + i + "]", "a send port name is required");
                } else if (!seen.add(port)) {
                    fields.reject("sendPorts[" + i + "]", "send port '" + port + "' is listed twice");
                }
            }
        }
        fields.throwIfAny();
        Map<String, Object> parts = new LinkedHashMap<>();
        parts.put("description", description);
        parts.put("filter", filter);
        parts.put("sendPorts", sendPorts);
        fields.fitsInAnEvent(parts);
        fields.throwIfAny();
        return new SendPortGroupConfiguration(description == null ? "" : description, application, filter);
    }
}
