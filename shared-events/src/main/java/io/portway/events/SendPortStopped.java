package io.portway.events;

/** A send port was stopped: it stays enlisted and holds matching messages (status Stopped). */
public record SendPortStopped(String name) implements SendPortEvent {
}
