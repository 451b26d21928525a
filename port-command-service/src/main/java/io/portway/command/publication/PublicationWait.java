package io.portway.command.publication;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.portway.events.PortwayEvent;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/**
 * A command's 2xx means Kafka acknowledged every event it stored (docs/RULES.md §7), which the delivery service's
 * read-your-writes routing relies on. Every event published while an HTTP request is being handled is expected
 * here before its transaction commits; once committed it is the request's to wait for ({@link #expectedBy}), and
 * {@link KafkaPublication} completes it when Kafka acknowledges its record. Events that another instance of the
 * service publishes (it owns the event's processor segment) are found published through the processor's token in
 * the token table, which that instance stores only after Kafka's acknowledgement.
 */
@Component
class PublicationWait {

    private static final Logger log = LoggerFactory.getLogger(PublicationWait.class);
    private static final String EXPECTED = PublicationWait.class.getName() + ".expected";
    private static final long TOKEN_POLL_MILLIS = 100;
    /** How often the token table is read for events of a segment this instance publishes itself (a safety net). */
    private static final long OWN_SEGMENT_POLL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Map<String, CompletableFuture<Void>> awaited = new ConcurrentHashMap<>();
    private final JdbcTemplate jdbc;
    private final Serializer serializer;
    private final Duration timeout;
    private final Timer waits;
    private final Counter unpublished;
    private final ObjectProvider<EventProcessingConfiguration> processing;

    PublicationWait(EventStore eventStore, JdbcTemplate jdbc, @Qualifier("eventSerializer") Serializer serializer,
            @Value("${portway.command.publication-wait:5s}") Duration timeout, MeterRegistry meters,
            ObjectProvider<EventProcessingConfiguration> processing) {
        this.processing = processing;
        this.waits = Timer.builder("portway.command.publication.wait")
                .description("how long a command's answer waited for Kafka to acknowledge its events")
                .publishPercentiles(0.5, 0.99)
                .register(meters);
        this.unpublished = Counter.builder("portway.command.unpublished.answers")
                .description("answers given before Kafka acknowledged their events (Portway-Published: false)")
                .register(meters);
        this.jdbc = jdbc;
        this.serializer = serializer;
        this.timeout = timeout;
        eventStore.registerDispatchInterceptor(new Expecting());
    }

    /** An event a request waits for: its identifier, Kafka key (the artifact's name) and acknowledgement. */
    record Expected(String eventId, String name, CompletableFuture<Void> acknowledged) {
    }

    /** Kafka acknowledged the record of this event. */
    void published(String eventId) {
        CompletableFuture<Void> acknowledged = awaited.remove(eventId);
        if (acknowledged != null) {
            acknowledged.complete(null);
        }
    }

    /** The committed events of the current request, in order (empty when it stored none). */
    @SuppressWarnings("unchecked")
    static List<Expected> expectedBy(RequestAttributes request) {
        Object expected = request.getAttribute(EXPECTED, RequestAttributes.SCOPE_REQUEST);
        return expected == null ? List.of() : (List<Expected>) expected;
    }

    /** Waits, at most the configured time, until every event is on Kafka; false if some may not be yet. */
    boolean await(List<Expected> events) {
        if (events.isEmpty()) {
            return true;
        }
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        List<Expected> pending = new ArrayList<>(events);
        Map<String, Long> positions = null;
        long tokensReadAt = start;
        try {
            while (true) {
                pending.removeIf(event -> event.acknowledged().isDone());
                if (pending.isEmpty()) {
                    waits.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                    return true;
                }
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    log.warn("{} of the request's {} events not yet acknowledged by Kafka after {} ms; answering "
                            + "with Portway-Published: false", pending.size(), events.size(), timeout.toMillis());
                    waits.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                    unpublished.increment();
                    return false;
                }
                try {
                    CompletableFuture.allOf(pending.stream().map(Expected::acknowledged)
                                    .toArray(CompletableFuture[]::new))
                            .get(Math.min(TimeUnit.NANOSECONDS.toMillis(remaining) + 1, TOKEN_POLL_MILLIS),
                                    TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    long now = System.nanoTime();
                    if (now - tokensReadAt >= OWN_SEGMENT_POLL_NANOS || !publishedHere(pending)) {
                        tokensReadAt = now;
                        positions = positions == null ? positions(pending) : positions;
                        publishedElsewhere(pending, positions);
                    }
                } catch (ExecutionException e) {
                    throw new IllegalStateException("cannot happen: acknowledgements never fail", e);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            events.forEach(event -> awaited.remove(event.eventId()));
        }
    }

    /**
     * Whether this instance's publication processor holds the segment of every pending event: their
     * acknowledgements then arrive here ({@link #published}), and the token table need not be read every
     * {@value #TOKEN_POLL_MILLIS} ms (only once a second, in case a segment moved to another instance meanwhile).
     */
    private boolean publishedHere(List<Expected> pending) {
        Set<Segment> segments = processing.getObject()
                .eventProcessor(KafkaPublication.PROCESSOR, StreamingEventProcessor.class)
                .map(processor -> processor.processingStatus().values().stream()
                        .map(EventTrackerStatus::getSegment).collect(Collectors.toSet()))
                .orElse(Set.of());
        return pending.stream().allMatch(event -> segments.stream()
                .anyMatch(segment -> segment.matches(Objects.hashCode(event.name()))));
    }

    /** Completes the events whose processor segment's stored token covers them (published by any instance). */
    private void publishedElsewhere(List<Expected> pending, Map<String, Long> positions) {
        List<Map<String, Object>> rows = jdbc.queryForList("select segment, token, tokentype from "
                + "command.tokenentry where processorname = ?", KafkaPublication.PROCESSOR);
        int[] segmentIds = rows.stream().mapToInt(row -> ((Number) row.get("segment")).intValue()).toArray();
        for (Map<String, Object> row : rows) {
            if (row.get("token") == null) {
                continue;
            }
            Segment segment = Segment.computeSegment(((Number) row.get("segment")).intValue(), segmentIds);
            TrackingToken token = serializer.deserialize(new SimpleSerializedObject<>((byte[]) row.get("token"),
                    byte[].class, (String) row.get("tokentype"), null));
            for (Expected event : pending) {
                Long position = positions.get(event.eventId());
                if (position != null && segment.matches(Objects.hashCode(event.name()))
                        && token.covers(GapAwareTrackingToken.newInstance(position, List.of()))) {
                    event.acknowledged().complete(null);
                }
            }
        }
    }

    private Map<String, Long> positions(List<Expected> events) {
        Map<String, Long> positions = new HashMap<>();
        jdbc.query("select eventidentifier, globalindex from command.domainevententry where eventidentifier in ("
                        + String.join(",", Collections.nCopies(events.size(), "?")) + ")",
                rs -> {
                    positions.put(rs.getString(1), rs.getLong(2));
                }, events.stream().map(Expected::eventId).toArray());
        return positions;
    }

    /** Registers each event published during an HTTP request; the request owns it once its transaction commits. */
    private final class Expecting implements MessageDispatchInterceptor<EventMessage<?>> {

        @Override
        public BiFunction<Integer, EventMessage<?>, EventMessage<?>> handle(List<? extends EventMessage<?>> messages) {
            return (index, event) -> {
                RequestAttributes request = RequestContextHolder.getRequestAttributes();
                if (request != null && CurrentUnitOfWork.isStarted()) {
                    expect(request, CurrentUnitOfWork.get().root(), event);
                }
                return event;
            };
        }

        private void expect(RequestAttributes request, UnitOfWork<?> unitOfWork, EventMessage<?> event) {
            String eventId = event.getIdentifier();
            String name = event.getPayload() instanceof PortwayEvent portway ? portway.name() : eventId;
            Expected expected = new Expected(eventId, name, new CompletableFuture<>());
            awaited.put(eventId, expected.acknowledged());
            unitOfWork.afterCommit(u -> expectedList(request).add(expected));
            unitOfWork.onRollback(u -> awaited.remove(eventId));
        }

        @SuppressWarnings("unchecked")
        private static List<Expected> expectedList(RequestAttributes request) {
            Object expected = request.getAttribute(EXPECTED, RequestAttributes.SCOPE_REQUEST);
            if (expected == null) {
                expected = new ArrayList<Expected>();
                request.setAttribute(EXPECTED, expected, RequestAttributes.SCOPE_REQUEST);
            }
            return (List<Expected>) expected;
        }
    }
}
