package io.portway.delivery.explain;

import io.portway.delivery.message.Messages;
import io.portway.delivery.routing.RoutingBarrier;
import io.portway.delivery.routing.RoutingTable;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Explains a message context now, against the live routing table after the routing barrier (as a publish waits, so a
 * change acknowledged before the request is seen), or as of an instant, against a table rebuilt from the events that
 * occurred until then ({@link AsOfTables}), whose {@code position} is the number of events applied; a message's
 * context, or a kept routing failure's.
 */
@Component
class Explanations {

    private final RoutingTable table;
    private final RoutingBarrier barrier;
    private final AsOfTables asOfTables;
    private final Messages messages;

    Explanations(RoutingTable table, RoutingBarrier barrier, AsOfTables asOfTables, Messages messages) {
        this.table = table;
        this.barrier = barrier;
        this.asOfTables = asOfTables;
        this.messages = messages;
    }

    /** The context of a kept routing failure explained (empty: no such failure). */
    Optional<Explanation> ofRoutingFailure(String id, int limit, Instant asOf) {
        return messages.routingFailureContext(id).map(context -> explain(context, limit, asOf));
    }

    /** {@code asOf} null: now. */
    Explanation explain(Map<String, String> context, int limit, Instant asOf) {
        if (asOf == null) {
            barrier.await();
            return Explainer.explain(table, context, limit);
        }
        AsOfReplay replay = asOfTables.at(asOf);
        Explanation explanation = Explainer.explain(replay.table(), context, limit);
        return new Explanation(explanation.routes(), explanation.nearMisses(), replay.applied());
    }
}
