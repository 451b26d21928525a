package io.portway.command.publication;

import io.portway.events.EventEnvelope;
import io.portway.events.PortwayEvent;
import io.portway.messaging.CloudEventHeaders;
import io.portway.messaging.SendPortEventCodec;
import io.portway.support.PortwayTopics;
import io.portway.support.Traceparent;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.annotation.SourceId;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes every stored event to {@code portway.send-port-events} as a CloudEvent. It runs in a streaming
 * processor over the event store: a batch is sent asynchronously, and the batch's unit of work (which stores the
 * processor's token) commits only once Kafka acknowledged every record. A crash therefore re-sends, never skips.
 * Each acknowledgement also releases the answer of a command waiting for its event ({@link PublicationWait}). A
 * record carries the traceparent stored in its event's metadata ({@code traceparent} and {@code ce_traceparent}).
 */
@Component
@ProcessingGroup(KafkaPublication.PROCESSOR)
class KafkaPublication {

    static final String PROCESSOR = "kafka-publication";
    private static final String PENDING = KafkaPublication.class.getName() + ".pending";
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaTemplate<String, byte[]> kafka;
    private final SendPortEventCodec codec = new SendPortEventCodec();
    private final String topic;
    private final PublicationWait waiting;

    KafkaPublication(KafkaTemplate<String, byte[]> kafka, PortwayTopics topics, PublicationWait waiting) {
        this.kafka = kafka;
        this.waiting = waiting;
        this.topic = topics.sendPortEvents();
    }

    @EventHandler
    void on(PortwayEvent event, EventMessage<?> message, @SourceId String artifactId,
            @SequenceNumber Long sequence, TrackingToken token) {
        EventEnvelope envelope = new EventEnvelope(
                message.getIdentifier(),
                artifactId,
                sequence + 1,
                token.position().orElse(-1),
                message.getTimestamp(),
                (String) message.getMetaData().get("principal"),
                (String) message.getMetaData().get("correlationId"),
                event);
        String eventId = message.getIdentifier();
        ProducerRecord<String, byte[]> record = codec.toRecord(topic, envelope);
        // the trace of the request that stored the event, not of this processor's thread (README, Tracing)
        CloudEventHeaders.putTraceparent(record.headers(),
                Traceparent.valid((String) message.getMetaData().get(Traceparent.HEADER)));
        pending().add(kafka.send(record).thenRun(() -> waiting.published(eventId)));
    }

    private static List<CompletableFuture<?>> pending() {
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get();
        return unitOfWork.root().getOrComputeResource(PENDING, key -> {
            List<CompletableFuture<?>> sends = new ArrayList<>();
            unitOfWork.root().onPrepareCommit(u -> awaitAcknowledgements(sends));
            return sends;
        });
    }

    private static void awaitAcknowledgements(List<CompletableFuture<?>> sends) {
        try {
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
                    .get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Kafka to acknowledge", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka did not acknowledge every event; the batch will be re-sent", e);
        }
    }
}
