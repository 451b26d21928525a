package io.portway.delivery.routing;

import io.portway.messaging.CloudEventHeaders;
import io.portway.support.ConsumerHalts;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts the failures of {@link RoutingTableProjection}'s events per partition and halts a partition before an event
 * that failed {@value RoutingTableProjection#ATTEMPTS} times (a gap and the database away never count).
 */
@Component
class RoutingFailures {

    /** The projection's log category, as before the failures were counted here. */
    private static final Logger log = LoggerFactory.getLogger(RoutingTableProjection.class);

    private final ConsumerHalts halts;
    private final ObjectProvider<KafkaListenerEndpointRegistry> listeners;
    private final Map<Integer, long[]> failing = new ConcurrentHashMap<>();
    /** Per halted partition, the subject reported to {@link ConsumerHalts}. */
    private final Map<Integer, String> halted = new ConcurrentHashMap<>();

    RoutingFailures(ConsumerHalts halts, ObjectProvider<KafkaListenerEndpointRegistry> listeners) {
        this.halts = halts;
        this.listeners = listeners;
    }

    /** The event could not be applied: counted, and its partition halted when it has failed too often. */
    void failed(ConsumerRecord<String, byte[]> record, RuntimeException e) {
        if (!(e instanceof RoutingTableProjection.GapException) && !transientFailure(e)
                && failedAgain(record) >= RoutingTableProjection.ATTEMPTS) {
            halt(record, e);
        }
    }

    /** An event of this partition was applied: a halt at it is over. */
    void succeeded(ConsumerRecord<String, byte[]> record) {
        if (failing.remove(record.partition()) != null) {
            String subject = halted.remove(record.partition());
            if (subject != null) {
                halts.resume(RoutingTableProjection.LISTENER_ID, subject);
            }
        }
    }

    /** The database away is retried until it is back (its own health is DOWN meanwhile). */
    private static boolean transientFailure(RuntimeException e) {
        return e instanceof TransientDataAccessException || e instanceof DataAccessResourceFailureException
                || e instanceof CannotCreateTransactionException;
    }

    private int failedAgain(ConsumerRecord<String, byte[]> record) {
        long[] failure = failing.compute(record.partition(), (partition, previous) ->
                previous != null && previous[0] == record.offset()
                        ? new long[]{record.offset(), previous[1] + 1} : new long[]{record.offset(), 1});
        return (int) failure[1];
    }

    /**
     * Readiness DOWN naming the event ({@link ConsumerHalts}: ERROR log, metric {@code portway.consumer.failures}),
     * and its partition paused before it, uncommitted.
     */
    private void halt(ConsumerRecord<String, byte[]> record, RuntimeException e) {
        String artifactId = header(record, CloudEventHeaders.ARTIFACT_ID);
        String subject = artifactId != null ? artifactId : record.topic() + "-" + record.partition() + "@"
                + record.offset();
        Map<String, Object> details = new HashMap<>();
        details.put("artifactId", String.valueOf(artifactId));
        details.put("name", String.valueOf(record.key()));
        details.put("sequence", String.valueOf(header(record, CloudEventHeaders.SEQUENCE)));
        details.put("type", String.valueOf(header(record, CloudEventHeaders.TYPE)));
        details.put("topic", record.topic());
        details.put("partition", record.partition());
        details.put("offset", record.offset());
        details.put("attempts", RoutingTableProjection.ATTEMPTS);
        details.put("effect", "partition " + record.partition() + " stands still before this event until it can be "
                + "applied (a restart tries again); publishes answer 503 ROUTING_NOT_CAUGHT_UP meanwhile");
        halted.put(record.partition(), subject);
        halts.halt(RoutingTableProjection.LISTENER_ID, subject, e.getClass().getSimpleName() + ": " + rootMessage(e), details);
        log.error("routing table halted at {}-{}@{}", record.topic(), record.partition(), record.offset(), e);
        MessageListenerContainer container = listeners.getObject().getListenerContainer(RoutingTableProjection.LISTENER_ID);
        if (container != null) {
            container.pausePartition(new TopicPartition(record.topic(), record.partition()));
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage());
    }

    private static String header(ConsumerRecord<String, byte[]> record, String key) {
        Header header = record.headers().lastHeader(key);
        return header == null || header.value() == null ? null
                : new String(header.value(), StandardCharsets.UTF_8);
    }
}
