package io.portway.delivery.instance;

import org.springframework.stereotype.Component;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/** Wakes idle workers as soon as new instances are committed, instead of waiting for the next poll. */
@Component
public class Doorbell {

    private final Semaphore rings = new Semaphore(0);

    public void ring() {
        if (rings.availablePermits() < 64) {
            rings.release(4);
        }
    }

    void await(long millis) throws InterruptedException {
        if (rings.tryAcquire(millis, TimeUnit.MILLISECONDS)) {
            rings.drainPermits();
        }
    }
}
