package io.portway.events;

/** Which parts of each message a port keeps for tracking. */
public record Tracking(boolean messageBodies, boolean properties) {

    public static final Tracking NONE = new Tracking(false, false);
}
