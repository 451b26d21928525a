package io.portway.console.sendport;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.portway.console.filter.FilterGrid;
import io.portway.events.SendPipeline;
import io.portway.events.SendPortConfiguration;
import io.portway.messaging.SendPortView;

import java.util.Map;

/**
 * The send port properties dialog: General, Transport Advanced Options, Backup Transport, Filters and Tracking.
 * Field names are the API's field paths, so a 400's {@code errors[].field} lands next to the right input.
 */
record SendPortForm(
        String name,
        String description,
        String application,
        boolean dynamic,
        boolean twoWay,
        TransportForm primaryTransport,
        TransportForm backupTransport,
        String sendPipeline,
        FilterGrid filter,
        String priority,
        boolean orderedDelivery,
        boolean stopSendingOnFailure,
        boolean routeFailedMessages,
        boolean trackMessageBodies,
        boolean trackProperties,
        long version) {

    static SendPortForm blank() {
        return new SendPortForm("", "", SendPortConfiguration.DEFAULT_APPLICATION, false, false,
                TransportForm.blank(true), TransportForm.blank(false), SendPipeline.PassThruTransmit.name(),
                FilterGrid.of(null), String.valueOf(SendPortConfiguration.DEFAULT_PRIORITY), false, false, false,
                false, false, 0);
    }

    static SendPortForm of(SendPortView port) {
        SendPortConfiguration c = port.configuration();
        return new SendPortForm(port.name(), nullToEmpty(c.description()), nullToEmpty(c.application()),
                port.dynamic(), port.twoWay(),
                c.primaryTransport() == null ? TransportForm.blank(!port.dynamic()) : TransportForm.of(c.primaryTransport()),
                TransportForm.of(c.backupTransport()),
                c.sendPipeline() == null ? SendPipeline.PassThruTransmit.name() : c.sendPipeline().name(),
                FilterGrid.of(c.filter()),
                String.valueOf(c.priority()),
                c.orderedDelivery(), c.stopSendingOnFailure(), c.routeFailedMessages(),
                c.tracking() != null && c.tracking().messageBodies(),
                c.tracking() != null && c.tracking().properties(),
                port.version());
    }

    static SendPortForm parse(Map<String, String> form) {
        boolean dynamic = form.containsKey("dynamic");
        long version;
        try {
            version = Long.parseLong(form.getOrDefault("version", "0"));
        } catch (NumberFormatException notANumber) {
            version = 0;
        }
        return new SendPortForm(
                form.getOrDefault("name", "").trim(),
                form.getOrDefault("description", ""),
                form.getOrDefault("application", "").trim(),
                dynamic,
                form.containsKey("twoWay"),
                TransportForm.parse("primaryTransport", form, !dynamic),
                TransportForm.parse("backupTransport", form, form.containsKey("backupTransport.enabled")),
                form.getOrDefault("sendPipeline", SendPipeline.PassThruTransmit.name()),
                FilterGrid.parse(form),
                form.getOrDefault("priority", "").trim(),
                form.containsKey("orderedDelivery"),
                form.containsKey("stopSendingOnFailure"),
                form.containsKey("routeFailedMessages"),
                form.containsKey("tracking.messageBodies"),
                form.containsKey("tracking.properties"),
                version);
    }

    SendPortForm withSpareFilterRows(int spare) {
        return new SendPortForm(name, description, application, dynamic, twoWay, primaryTransport, backupTransport,
                sendPipeline, filter.withSpareRows(spare), priority, orderedDelivery, stopSendingOnFailure,
                routeFailedMessages, trackMessageBodies, trackProperties, version);
    }

    /** The request body of {@code POST /api/send-ports} and {@code PUT /api/send-ports/{name}}. */
    ObjectNode toJson() {
        ObjectNode port = JsonNodeFactory.instance.objectNode();
        port.put("name", name);
        port.put("description", description);
        port.put("application", application.isBlank() ? SendPortConfiguration.DEFAULT_APPLICATION : application);
        port.put("dynamic", dynamic);
        port.put("twoWay", twoWay);
        if (!dynamic) {
            port.set("primaryTransport", primaryTransport.toJson());
            if (backupTransport.enabled()) {
                port.set("backupTransport", backupTransport.toJson());
            }
        }
        port.put("sendPipeline", sendPipeline);
        port.set("filter", filter.toJson());
        Numbers.putIntOrText(port, "priority", priority);
        port.put("orderedDelivery", orderedDelivery);
        port.put("stopSendingOnFailure", stopSendingOnFailure);
        port.put("routeFailedMessages", routeFailedMessages);
        ObjectNode tracking = port.putObject("tracking");
        tracking.put("messageBodies", trackMessageBodies);
        tracking.put("properties", trackProperties);
        return port;
    }

    /** The tab of the properties dialog that holds a form field. */
    static String tabOf(String field) {
        if (field.startsWith("backupTransport")) {
            return "backup";
        }
        if (field.startsWith("filter")) {
            return "filters";
        }
        if (field.startsWith("tracking")) {
            return "tracking";
        }
        if (field.startsWith("primaryTransport.") && !field.equals("primaryTransport.type")
                && !field.equals("primaryTransport.address") || field.equals("priority")
                || field.equals("orderedDelivery") || field.equals("stopSendingOnFailure")
                || field.equals("routeFailedMessages")) {
            return "advanced";
        }
        return "general";
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
