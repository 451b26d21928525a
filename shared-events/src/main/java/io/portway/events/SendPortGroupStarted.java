package io.portway.events;

/** A send port group was started: its subscription is active (status Started). */
public record SendPortGroupStarted(String name) implements SendPortGroupEvent {
}
