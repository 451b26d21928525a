package io.portway.events;

/** A send port was started: its subscription is active (status Started). */
public record SendPortStarted(String name) implements SendPortEvent {
}
