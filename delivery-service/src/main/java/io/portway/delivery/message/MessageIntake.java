package io.portway.delivery.message;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.context.Scope;
import io.portway.delivery.instance.Admission;
import io.portway.delivery.instance.Admitted;
import io.portway.delivery.instance.Doorbell;
import io.portway.delivery.instance.ResponsePublisher;
import io.portway.delivery.routing.Route;
import io.portway.delivery.routing.RoutingBarrier;
import io.portway.delivery.routing.RoutingTable;
import io.portway.messaging.PortwayJackson;
import io.portway.support.Traceparent;
import org.springframework.jdbc.core.JdbcTemplate;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.portway.delivery.DeliveryProperties;
import io.portway.support.Uuids;
import jakarta.annotation.PreDestroy;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;

import static io.portway.messaging.PortwayJackson.toJson;

/**
 * Accepts a message: finds its subscribers and commits the message with one service instance per port before
 * answering. The message id is the primary key, so the same id twice (even concurrently) is accepted once and
 * answered with the first answer. A message without subscribers leaves a routing-failure report.
 */
@Component
class MessageIntake implements ResponsePublisher {

    /** The columns a stored message fills; a lone publish and a group commit's batch differ only in the values. */
    private static final String INSERT_MESSAGE = "insert into delivery.message "
            + "(id, publish_seq, context, body, content_type, accepted_at, answer, traceparent) ";

    private final JdbcTemplate jdbc;
    private final RoutingTable routing;
    private final Doorbell doorbell;
    private final Admission admission;
    private final RoutingBarrier barrier;
    private final ObjectMapper json = PortwayJackson.newObjectMapper();

    private final GroupCommit<Submitted, IntakeResult> commits;

    MessageIntake(JdbcTemplate jdbc, TransactionTemplate transactions, RoutingTable routing, Doorbell doorbell,
                  Admission admission, RoutingBarrier barrier, DeliveryProperties properties, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.routing = routing;
        this.doorbell = doorbell;
        this.admission = admission;
        this.barrier = barrier;
        DistributionSummary batches = DistributionSummary.builder("portway.delivery.publish.batch")
                .description("publishes stored by one transaction (group commit)").register(meters);
        this.commits = new GroupCommit<>("publish-commit", transactions, this::acceptAllInTransaction,
                submitted -> acceptInTransaction(submitted.message(), submitted.traceparent()),
                properties.publishCommitters(), properties.publishBatch(), batches::record);
    }

    /** A publish waiting for its group commit, with the trace of the thread that received it. */
    record Submitted(IncomingMessage message, String traceparent) {
    }

    @PreDestroy
    void close() {
        commits.close();
    }

    /** What the intake did with a publish: accepted (new or again), or a routing failure with its report id. */
    record IntakeResult(PublishAnswer answer, boolean duplicate, String failureReport) {
    }

    /**
     * Accepts the message and wakes the workers, once the routing table reflects every port and group change
     * acknowledged before it arrived ({@link RoutingBarrier}; past the bound it is refused with 503
     * {@code ROUTING_NOT_CAUGHT_UP} and nothing is stored). The message is stored in a transaction it may share with
     * publishes that arrived at the same time ({@link GroupCommit}); it is answered once that committed.
     */
    IntakeResult accept(IncomingMessage message) {
        barrier.await();
        IntakeResult result = commits.submit(new Submitted(message, Traceparent.current()));
        if (result.failureReport() == null && !result.duplicate()) {
            doorbell.ring();
        }
        return result;
    }

    /** Accepts or refuses with 422 {@code NO_SUBSCRIBERS} (the report is kept). */
    IntakeResult acceptOrRefuse(IncomingMessage message) {
        IntakeResult result = accept(message);
        if (result.failureReport() != null) {
            throw new NoSubscribersException(result.answer().messageId(), result.failureReport());
        }
        return result;
    }

    @Override
    public void publishResponse(String messageId, Map<String, String> context, byte[] body, String contentType,
                                String traceparent) {
        try (Scope trace = Traceparent.resume(traceparent)) {
            acceptInTransaction(new IncomingMessage(messageId, context, body, contentType), Traceparent.current());
        }
    }

    /** A routed message of a batch, with its planned instances and its answer. */
    private record Routed(int index, String id, Submitted submitted, List<Admitted> planned, PublishAnswer answer) {
    }

    /**
     * A group commit's publishes in a handful of statements, whatever their number: the publish sequences in one
     * query, the messages in one JDBC batch (its counts tell a new id from one accepted before: no extra read), their
     * instances in one more. A message without subscribers, and an id seen twice in the batch, go alone, after. A
     * lone publish takes one round trip less alone (its sequence comes with its insert).
     */
    List<IntakeResult> acceptAllInTransaction(List<Submitted> batch) {
        if (batch.size() == 1) {
            return List.of(acceptInTransaction(batch.get(0).message(), batch.get(0).traceparent()));
        }
        IntakeResult[] results = new IntakeResult[batch.size()];
        List<Routed> routed = new ArrayList<>(batch.size());
        List<Integer> alone = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        Instant now = Instant.now();
        for (int i = 0; i < batch.size(); i++) {
            IncomingMessage message = batch.get(i).message();
            String id = message.id() != null ? message.id() : Uuids.random().toString();
            List<Route> routes = routing.route(message.context());
            if (routes.isEmpty() || !ids.add(id)) {
                alone.add(i);
                continue;
            }
            List<Admitted> planned = admission.plan(routes, message.context());
            routed.add(new Routed(i, id, batch.get(i), planned, answer(id, planned)));
        }
        if (!routed.isEmpty()) {
            List<Long> sequences = jdbc.queryForList("select nextval('delivery.publish_sequence') "
                    + "from generate_series(1, ?)", Long.class, routed.size());
            Collections.sort(sequences);
            Timestamp at = Timestamp.from(now);
            int[][] inserted = jdbc.batchUpdate(INSERT_MESSAGE + "values (?, ?, ?::jsonb, ?, ?, ?, ?::jsonb, ?) on conflict (id) do nothing",
                    IntStream.range(0, routed.size()).boxed().toList(), routed.size(), (statement, i) -> {
                        Routed message = routed.get(i);
                        IncomingMessage incoming = message.submitted().message();
                        statement.setString(1, message.id());
                        statement.setLong(2, sequences.get(i));
                        statement.setString(3, toJson(incoming.context()));
                        statement.setBytes(4, incoming.body());
                        statement.setString(5, incoming.contentType());
                        statement.setTimestamp(6, at);
                        statement.setString(7, toJson(message.answer()));
                        statement.setString(8, message.submitted().traceparent());
                    });
            List<Admission.Stored> stored = new ArrayList<>(routed.size());
            for (int i = 0; i < routed.size(); i++) {
                Routed message = routed.get(i);
                if (inserted[0][i] == 0) { // the id was accepted before
                    results[message.index()] = new IntakeResult(firstAnswer(message.id()), true, null);
                } else {
                    stored.add(new Admission.Stored(message.id(), sequences.get(i), now, message.planned()));
                    results[message.index()] = new IntakeResult(message.answer(), false, null);
                }
            }
            if (!stored.isEmpty()) {
                admission.admit(stored);
            }
        }
        for (int i : alone) {
            results[i] = acceptInTransaction(batch.get(i).message(), batch.get(i).traceparent());
        }
        return Arrays.asList(results);
    }

    private static PublishAnswer answer(String id, List<Admitted> planned) {
        return new PublishAnswer(id, planned.stream().map(plan -> new PublishAnswer.RouteAnswer(
                plan.route().port().name(), plan.route().via(), plan.id().toString(), plan.status().name())).toList());
    }

    /** Stores the message with the trace it came with (the request's or the record's), for its deliveries. */
    private IntakeResult acceptInTransaction(IncomingMessage message, String traceparent) {
        String id = message.id() != null ? message.id() : Uuids.random().toString();
        List<Route> routes = routing.route(message.context());
        Instant now = Instant.now();
        Timestamp at = Timestamp.from(now);
        if (routes.isEmpty()) {
            // a message id seen before is answered as the first time, even if nobody subscribes any more
            PublishAnswer first = message.id() == null ? null : firstAnswer(id);
            if (first != null) {
                return new IntakeResult(first, true, null);
            }
            UUID report = Uuids.random();
            jdbc.update("insert into delivery.routing_failure (id, message_id, reason, context, occurred_at) "
                    + "values (?, ?, 'NO_SUBSCRIBERS', ?::jsonb, ?)", report, id, toJson(message.context()), at);
            return new IntakeResult(new PublishAnswer(id, List.of()), false, report.toString());
        }
        List<Admitted> planned = admission.plan(routes, message.context());
        PublishAnswer answer = answer(id, planned);
        List<Long> sequence = jdbc.queryForList(INSERT_MESSAGE + "values (?, nextval('delivery.publish_sequence'), ?::jsonb, ?, ?, ?, ?::jsonb, ?) "
                        + "on conflict (id) do nothing returning publish_seq", Long.class,
                id, toJson(message.context()), message.body(), message.contentType(), at, toJson(answer),
                traceparent);
        if (sequence.isEmpty()) { // the id was accepted before (the insert is the duplicate check: no extra read)
            return new IntakeResult(firstAnswer(id), true, null);
        }
        long publishSequence = sequence.get(0);
        admission.admit(id, publishSequence, now, planned);
        return new IntakeResult(answer, false, null);
    }

    private PublishAnswer firstAnswer(String id) {
        List<String> answers = jdbc.queryForList("select answer::text from delivery.message where id = ?",
                String.class, id);
        if (answers.isEmpty()) {
            return null;
        }
        try {
            return json.readValue(answers.get(0), PublishAnswer.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable answer of message " + id, e);
        }
    }
}
