package io.portway.delivery.instance;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * At most {@code perPort} workers send to one port at a time, so a destination that never answers cannot occupy
 * every worker: the others go on with other ports.
 */
final class PortSlots {

    private final int perPort;
    private final Map<String, Semaphore> slots = new ConcurrentHashMap<>();

    PortSlots(int perPort) {
        this.perPort = perPort;
    }

    /** Waits up to {@code millis} for a slot of the port. */
    boolean enter(String port, long millis) throws InterruptedException {
        return slots.computeIfAbsent(port, name -> new Semaphore(perPort)).tryAcquire(millis, TimeUnit.MILLISECONDS);
    }

    void leave(String port) {
        slots.get(port).release();
    }
}
