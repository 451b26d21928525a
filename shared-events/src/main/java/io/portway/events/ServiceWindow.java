package io.portway.events;

import java.time.LocalTime;

/**
 * The daily window in which a transport may send. {@code from} is inclusive, {@code to} exclusive; a window with
 * {@code from} after {@code to} crosses midnight. Times are in UTC unless {@code zone} names a time zone.
 */
public record ServiceWindow(LocalTime from, LocalTime to, String zone) {
}
