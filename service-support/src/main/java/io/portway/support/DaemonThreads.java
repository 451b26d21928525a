package io.portway.support;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.ThreadFactory;

/**
 * The background threads of a service: daemons (they never keep the JVM alive), named for thread dumps, and stopped
 * by an interrupt followed by a bounded wait.
 */
public final class DaemonThreads {

    /** How long {@link #stop} waits for each thread to end. */
    private static final long JOIN_MILLIS = 5000;

    private DaemonThreads() {
    }

    /** Runs {@code body} on a new daemon thread called {@code name}. */
    public static Thread start(String name, Runnable body) {
        Thread thread = named(name).newThread(body);
        thread.start();
        return thread;
    }

    /** Daemon threads called {@code name}, e.g. for a single-threaded executor. */
    public static ThreadFactory named(String name) {
        return body -> {
            Thread thread = new Thread(body, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Interrupts {@code thread} and waits up to 5 s for it to end. */
    public static void stop(Thread thread) {
        stop(List.of(thread));
    }

    /**
     * Interrupts every thread, then waits up to 5 s for each to end; an interrupt of the caller ends the waiting
     * and is kept.
     */
    public static void stop(Collection<Thread> threads) {
        threads.forEach(Thread::interrupt);
        for (Thread thread : threads) {
            try {
                thread.join(JOIN_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
