package io.portway.console.group;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.portway.console.filter.FilterGrid;

import java.util.List;
import java.util.Map;

/** The editable properties of a group, as typed. */
record GroupForm(String name, String description, String application, FilterGrid filter, long version) {

    static GroupForm parse(Map<String, String> form) {
        long version;
        try {
            version = Long.parseLong(form.getOrDefault("version", "0"));
        } catch (NumberFormatException notANumber) {
            version = 0;
        }
        return new GroupForm(form.getOrDefault("name", "").trim(), form.getOrDefault("description", ""),
                form.getOrDefault("application", "").trim(), FilterGrid.parse(form), version);
    }

    ObjectNode toJson(List<String> sendPorts) {
        ObjectNode group = JsonNodeFactory.instance.objectNode();
        group.put("name", name);
        group.put("description", description);
        group.put("application", application.isBlank() ? "Default" : application);
        if (sendPorts != null) {
            group.putArray("sendPorts").addAll(sendPorts.stream()
                    .map(JsonNodeFactory.instance::textNode).toList());
        }
        group.set("filter", filter.toJson());
        return group;
    }

    GroupForm withSpareFilterRows(int spare) {
        return new GroupForm(name, description, application, filter.withSpareRows(spare), version);
    }
}
