package io.portway.events;

/** The events of the {@code SendPortGroup} aggregate, including its membership changes. */
public sealed interface SendPortGroupEvent extends PortwayEvent permits
        SendPortGroupCreated, SendPortGroupConfigured, SendPortAddedToGroup, SendPortRemovedFromGroup,
        SendPortGroupEnlisted, SendPortGroupStarted, SendPortGroupStopped, SendPortGroupUnenlisted,
        SendPortGroupDeleted {
}
