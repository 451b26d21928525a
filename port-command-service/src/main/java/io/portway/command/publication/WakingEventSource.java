package io.portway.command.publication;

import io.portway.support.DaemonThreads;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The event store as the publication processor reads it, plus the "events available" callback that Axon's
 * {@code EmbeddedEventStore} does not offer. Without it the pooled streaming processor's coordinator looks for new
 * events only every 500 ms when idle (Axon's {@code Coordinator}: "no availability callback, scheduling coordination
 * task with delay of 500ms"), which was the half-second between a command's answer and its event on Kafka.
 *
 * <p>The doorbell rings every open stream's callback, and the coordinator then reads at once: right after each local
 * commit that stored events (a dispatch interceptor registers the ring on the unit of work), and when the store's
 * head moved, which a daemon thread checks every {@value #HEAD_POLL_MILLIS} ms (commits of other instances, and
 * events stored outside a unit of work). The processor's streams read the storage engine directly, a batch at a
 * time ({@link Stream}), so that a publication far behind the store holds no more than a batch in memory; nothing
 * reads Axon's shared cache of recent events (its producer thread re-read every stored event only to ring this bell).
 */
final class WakingEventSource implements StreamableMessageSource<TrackedEventMessage<?>>, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WakingEventSource.class);
    static final long HEAD_POLL_MILLIS = 100;
    private static final String RING_REGISTERED = WakingEventSource.class.getName() + ".ring";

    private final Supplier<EventStore> store;
    private final Supplier<EventStorageEngine> engine;
    private final Set<Runnable> callbacks = ConcurrentHashMap.newKeySet();
    private final Object bell = new Object();
    /** How often the doorbell rang: a stream that found nothing reads the engine again only after the next ring. */
    private volatile long rings;
    private volatile Thread doorbell;
    private volatile boolean closed;

    WakingEventSource(Supplier<EventStore> store, Supplier<EventStorageEngine> engine) {
        this.store = store;
        this.engine = engine;
    }

    @Override
    public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken token) {
        startDoorbell();
        return new Stream(token);
    }

    @Override
    public TrackingToken createTailToken() {
        return store.get().createTailToken();
    }

    @Override
    public TrackingToken createHeadToken() {
        return store.get().createHeadToken();
    }

    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        return store.get().createTokenAt(dateTime);
    }

    @Override
    public TrackingToken createTokenSince(Duration duration) {
        return store.get().createTokenSince(duration);
    }

    private synchronized void startDoorbell() {
        if (doorbell == null && !closed) {
            store.get().registerDispatchInterceptor(messages -> {
                if (CurrentUnitOfWork.isStarted()) {
                    CurrentUnitOfWork.get().root().getOrComputeResource(RING_REGISTERED, key -> {
                        CurrentUnitOfWork.get().root().afterCommit(unitOfWork -> ringAll());
                        return Boolean.TRUE;
                    });
                }
                return (index, event) -> event;
            });
            doorbell = DaemonThreads.start("publication-doorbell", this::watchHead);
        }
    }

    /** Rings whenever the store's head moved since the last look (other instances' commits; a missed local ring). */
    private void watchHead() {
        long head = Long.MIN_VALUE;
        while (!closed) {
            try {
                TrackingToken token = store.get().createHeadToken();
                long now = token == null ? -1 : token.position().orElse(-1);
                if (now != head) {
                    head = now;
                    ringAll();
                }
            } catch (RuntimeException e) {
                log.warn("the publication's doorbell could not read the event store's head: {}", e.toString());
                ringAll();
            }
            try {
                Thread.sleep(HEAD_POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void ringAll() {
        synchronized (bell) {
            rings++;
            bell.notifyAll();
        }
        callbacks.forEach(Runnable::run);
    }

    /** Waits at most {@code nanos} for a ring after {@code seen}. */
    private void awaitRing(long seen, long nanos) throws InterruptedException {
        long deadline = System.nanoTime() + nanos;
        synchronized (bell) {
            long remaining = nanos;
            while (rings == seen && remaining > 0) {
                TimeUnit.NANOSECONDS.timedWait(bell, remaining);
                remaining = deadline - System.nanoTime();
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        Thread thread = doorbell;
        if (thread != null) {
            DaemonThreads.stop(thread);
        }
    }

    /**
     * A stream of the publication that reads the storage engine itself, a batch at a time, and supports the
     * availability callback. It never joins the store's shared cache of recent events: a consumer there keeps every
     * event the store's producer read after its position reachable until Axon's cleaner (every 10 s) notices it is
     * behind, and after a bulk load the producer reads the store far faster than Kafka takes the records (1 M stored
     * events, each with its own copy of the token's gaps, filled a 1 GiB heap). Here a lagging publication holds one
     * batch of the engine ({@code batchSize}) plus what the processor has buffered, however far behind it is.
     */
    private final class Stream implements BlockingStream<TrackedEventMessage<?>> {

        private TrackingToken last;
        private java.util.stream.Stream<? extends TrackedEventMessage<?>> batch;
        private Iterator<? extends TrackedEventMessage<?>> events;
        private TrackedEventMessage<?> next;
        /** The doorbell's count when a read last found nothing: the store is read again only once it rang. */
        private long emptyAtRing = -1;
        private volatile Runnable callback;

        private Stream(TrackingToken token) {
            this.last = token;
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            return hasNextAvailable() ? Optional.of(next) : Optional.empty();
        }

        @Override
        public boolean hasNextAvailable() {
            return next != null || read();
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
            long deadline = System.nanoTime() + unit.toNanos(timeout);
            while (!hasNextAvailable()) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    emptyAtRing = -1; // a missed ring costs one wait at most: read again next time
                    return false;
                }
                awaitRing(emptyAtRing, remaining);
            }
            return true;
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
            while (!hasNextAvailable(1, TimeUnit.SECONDS)) {
                // waits for the next event
            }
            TrackedEventMessage<?> event = next;
            next = null;
            return event;
        }

        /** The next event of the current batch, or of a new read of the engine if the doorbell rang since. */
        private boolean read() {
            if (events != null && events.hasNext()) {
                return take();
            }
            long rung = rings;
            if (events != null && rung == emptyAtRing) {
                return false;
            }
            closeBatch();
            batch = engine.get().readEvents(last, false);
            events = batch.iterator();
            if (events.hasNext()) {
                return take();
            }
            emptyAtRing = rung;
            return false;
        }

        private boolean take() {
            next = events.next();
            last = next.trackingToken();
            return true;
        }

        private void closeBatch() {
            if (batch != null) {
                batch.close();
                batch = null;
                events = null;
            }
        }

        @Override
        public boolean setOnAvailableCallback(Runnable callback) {
            Runnable before = this.callback;
            if (before != null) {
                callbacks.remove(before);
            }
            this.callback = callback;
            callbacks.add(callback);
            return true;
        }

        @Override
        public void close() {
            Runnable current = callback;
            if (current != null) {
                callbacks.remove(current);
            }
            closeBatch();
        }
    }
}
