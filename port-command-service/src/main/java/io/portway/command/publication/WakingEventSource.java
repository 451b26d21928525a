package io.portway.command.publication;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.StreamableMessageSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
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
 * <p>One daemon thread tails the store's shared in-memory cache (the store's producer thread fills it right after
 * each local commit, and every fetch delay for commits of other instances) and rings every open stream's callback
 * as soon as new events are there; the coordinator then reads them at once.
 */
final class WakingEventSource implements StreamableMessageSource<TrackedEventMessage<?>>, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WakingEventSource.class);

    private final Supplier<EventStore> store;
    private final Set<Runnable> callbacks = ConcurrentHashMap.newKeySet();
    private volatile Thread doorbell;
    private volatile boolean closed;

    WakingEventSource(Supplier<EventStore> store) {
        this.store = store;
    }

    @Override
    public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken token) {
        startDoorbell();
        return new Stream(store.get().openStream(token));
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
            Thread thread = new Thread(this::ring, "publication-doorbell");
            thread.setDaemon(true);
            thread.start();
            doorbell = thread;
        }
    }

    /** Waits for events to reach the store's cache and wakes every stream; reopens its tail after a failure. */
    private void ring() {
        while (!closed) {
            try (BlockingStream<TrackedEventMessage<?>> tail = store.get().openStream(store.get().createHeadToken())) {
                while (!closed) {
                    if (tail.hasNextAvailable(1, TimeUnit.SECONDS)) {
                        while (tail.hasNextAvailable()) {
                            tail.nextAvailable();
                        }
                        callbacks.forEach(Runnable::run);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("the publication's doorbell lost its tail of the event store; reopening it", e);
                callbacks.forEach(Runnable::run);
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        Thread thread = doorbell;
        if (thread != null) {
            thread.interrupt();
        }
    }

    /** A stream of the store that supports the availability callback. */
    private final class Stream implements BlockingStream<TrackedEventMessage<?>> {

        private final BlockingStream<TrackedEventMessage<?>> delegate;
        private volatile Runnable callback;

        private Stream(BlockingStream<TrackedEventMessage<?>> delegate) {
            this.delegate = delegate;
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            return delegate.peek();
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
            return delegate.hasNextAvailable(timeout, unit);
        }

        @Override
        public boolean hasNextAvailable() {
            return delegate.hasNextAvailable();
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
            return delegate.nextAvailable();
        }

        @Override
        public void skipMessagesWithPayloadTypeOf(TrackedEventMessage<?> ignoredMessage) {
            delegate.skipMessagesWithPayloadTypeOf(ignoredMessage);
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
            delegate.close();
        }
    }
}
