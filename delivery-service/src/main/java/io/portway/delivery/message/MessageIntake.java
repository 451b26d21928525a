package io.portway.delivery.message;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.portway.delivery.instance.Doorbell;
import io.portway.delivery.instance.ResponsePublisher;
import io.portway.delivery.outbox.Outbox;
import io.portway.delivery.routing.Route;
import io.portway.delivery.routing.RoutingBarrier;
import io.portway.delivery.routing.RoutingTable;
import io.portway.events.delivery.ServiceInstanceSuspended;
import io.portway.messaging.PortwayJackson;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Accepts a message: finds its subscribers and commits the message with one service instance per port before
 * answering. The message id is the primary key, so the same id twice (even concurrently) is accepted once and
 * answered with the first answer. A message without subscribers leaves a routing-failure report.
 */
@Component
class MessageIntake implements ResponsePublisher {

    static final String OUTBOUND_ADDRESS = "Portway.OutboundAddress";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final RoutingTable routing;
    private final Outbox outbox;
    private final Doorbell doorbell;
    private final RoutingBarrier barrier;
    private final ObjectMapper json = PortwayJackson.newObjectMapper();

    MessageIntake(JdbcTemplate jdbc, TransactionTemplate transactions, RoutingTable routing, Outbox outbox,
                  Doorbell doorbell, RoutingBarrier barrier) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.routing = routing;
        this.outbox = outbox;
        this.doorbell = doorbell;
        this.barrier = barrier;
    }

    /** The outcome of a publish: accepted (new or again), or a routing failure with its report id. */
    record Outcome(PublishAnswer answer, boolean duplicate, String failureReport) {
    }

    /**
     * Accepts the message in its own transaction and wakes the workers, once the routing table reflects every port
     * and group change acknowledged before it arrived ({@link RoutingBarrier}; past the bound it is refused with 503
     * {@code ROUTING_NOT_CAUGHT_UP} and nothing is stored).
     */
    Outcome accept(IncomingMessage message) {
        barrier.await();
        Outcome outcome = transactions.execute(status -> acceptInTransaction(message));
        if (outcome.failureReport() == null && !outcome.duplicate()) {
            doorbell.ring();
        }
        return outcome;
    }

    /** Accepts or refuses with 422 {@code NO_SUBSCRIBERS} (the report is kept). */
    Outcome acceptOrRefuse(IncomingMessage message) {
        Outcome outcome = accept(message);
        if (outcome.failureReport() != null) {
            throw new NoSubscribersException(outcome.answer().messageId(), outcome.failureReport());
        }
        return outcome;
    }

    @Override
    public void publishResponse(String messageId, Map<String, String> context, byte[] body, String contentType) {
        acceptInTransaction(new IncomingMessage(messageId, context, body, contentType));
    }

    private Outcome acceptInTransaction(IncomingMessage message) {
        String id = message.id() != null ? message.id() : UUID.randomUUID().toString();
        PublishAnswer first = firstAnswer(id);
        if (first != null) {
            return new Outcome(first, true, null);
        }
        List<Route> routes = routing.route(message.context());
        Instant now = Instant.now();
        Timestamp at = Timestamp.from(now);
        if (routes.isEmpty()) {
            UUID report = UUID.randomUUID();
            jdbc.update("insert into delivery.routing_failure (id, message_id, reason, context, occurred_at) "
                    + "values (?, ?, 'NO_SUBSCRIBERS', ?::jsonb, ?)", report, id, toJson(message.context()), at);
            return new Outcome(new PublishAnswer(id, List.of()), false, report.toString());
        }
        List<Planned> planned = new ArrayList<>(routes.size());
        for (Route route : routes) {
            String status = "ReadyToRun";
            String reason = null;
            if (!route.delivered()) {
                status = "Suspended";
                reason = route.holdReason();
            } else if (stoppedByFailure(route)) {
                status = "Suspended";
                reason = "ORDERED_DELIVERY_STOPPED";
            } else if (route.port().dynamic() && blank(message.context().get(OUTBOUND_ADDRESS))) {
                status = "SuspendedNotResumable";
                reason = "NO_ADDRESS";
            }
            planned.add(new Planned(UUID.randomUUID(), route, status, reason));
        }
        PublishAnswer answer = new PublishAnswer(id, planned.stream().map(plan -> new PublishAnswer.RouteAnswer(
                plan.route().port().name(), plan.route().via(), plan.id().toString(), plan.status())).toList());
        List<Long> sequence = jdbc.queryForList("insert into delivery.message "
                        + "(id, publish_seq, context, body, content_type, accepted_at, answer) "
                        + "values (?, nextval('delivery.publish_sequence'), ?::jsonb, ?, ?, ?, ?::jsonb) "
                        + "on conflict (id) do nothing returning publish_seq", Long.class,
                id, toJson(message.context()), message.body(), message.contentType(), at, toJson(answer));
        if (sequence.isEmpty()) {
            return new Outcome(firstAnswer(id), true, null);
        }
        long publishSequence = sequence.get(0);
        jdbc.batchUpdate("insert into delivery.service_instance (id, message_id, publish_seq, send_port, via, status, "
                        + "reason, priority, ordered, due_at, accepted_at, created_at, updated_at) "
                        + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", planned, 100,
                (statement, plan) -> {
                    statement.setObject(1, plan.id());
                    statement.setString(2, id);
                    statement.setLong(3, publishSequence);
                    statement.setString(4, plan.route().port().name());
                    statement.setString(5, plan.route().via());
                    statement.setString(6, plan.status());
                    statement.setString(7, plan.reason());
                    statement.setInt(8, plan.route().port().configuration().priority());
                    statement.setBoolean(9, plan.route().port().configuration().orderedDelivery());
                    statement.setTimestamp(10, at);
                    statement.setTimestamp(11, at);
                    statement.setTimestamp(12, at);
                    statement.setTimestamp(13, at);
                });
        outbox.addAll(planned.stream().filter(plan -> plan.reason() != null)
                .map(plan -> new ServiceInstanceSuspended(plan.id().toString(), id, plan.route().port().name(),
                        plan.reason(), plan.status().equals("Suspended"), null, now))
                .toList());
        return new Outcome(answer, false, null);
    }

    /** An ordered port that stops sending on failure keeps later messages suspended behind a failed one. */
    private boolean stoppedByFailure(Route route) {
        if (!route.port().configuration().orderedDelivery() || !route.port().configuration().stopSendingOnFailure()) {
            return false;
        }
        return Boolean.TRUE.equals(jdbc.queryForObject("select exists (select 1 from delivery.service_instance "
                + "where send_port = ? and ordered and status = 'Suspended' and reason in "
                + "('TRANSPORT_FAILED', 'PIPELINE_FAILED', 'NO_ADDRESS', 'ORDERED_DELIVERY_STOPPED'))",
                Boolean.class, route.port().name()));
    }

    private record Planned(UUID id, Route route, String status, String reason) {
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

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
