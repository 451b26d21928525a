package io.portway.delivery.routing;

/**
 * What a message does at one port: delivered now, or held with reason {@code PORT_STOPPED}/{@code GROUP_STOPPED}.
 *
 * @param via how the port was reached: {@code filter} (its own filter), {@code address} ({@code Portway.SendPort}),
 *            or {@code group:<name>} (through a group's filter or {@code Portway.SendPortGroup})
 */
public record Route(PortDefinition port, String via, String holdReason) {

    public static final String PORT_STOPPED = "PORT_STOPPED";
    public static final String GROUP_STOPPED = "GROUP_STOPPED";
    /** {@code via} of a port reached through a group: this prefix and the group's name. */
    public static final String GROUP_PREFIX = "group:";

    public boolean delivered() {
        return holdReason == null;
    }
}
