package io.portway.events;

/** A send port group was stopped: it stays enlisted and holds matching messages (status Stopped). */
public record SendPortGroupStopped(String name) implements SendPortGroupEvent {
}
