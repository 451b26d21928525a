package io.portway.bench;

import java.util.concurrent.locks.LockSupport;

/**
 * The harness's own delay while a figure runs, measured the way jHiccup does: a thread asks to sleep 1 ms again and
 * again and records how much later than asked it woke up. On a 2-core machine shared by PostgreSQL, Kafka, the
 * services and the load generator, that lateness is what the load generator itself adds to every latency it reports.
 */
final class HarnessDelay implements AutoCloseable {

    private static final long INTERVAL_NANOS = 1_000_000;

    private final Latencies lateness = new Latencies();
    private final Thread thread;
    private volatile boolean running = true;

    private HarnessDelay() {
        thread = new Thread(this::measure, "harness-delay");
        thread.setDaemon(true);
        thread.start();
    }

    static HarnessDelay start() {
        return new HarnessDelay();
    }

    private void measure() {
        while (running) {
            long before = System.nanoTime();
            LockSupport.parkNanos(INTERVAL_NANOS);
            long late = System.nanoTime() - before - INTERVAL_NANOS;
            lateness.recordNanos(Math.max(0, late));
        }
    }

    double p99Ms() {
        return lateness.percentileMs(99);
    }

    double maxMs() {
        return lateness.maxMs();
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
