package io.portway.delivery.routing;

import java.util.Map;
import java.util.Optional;

/**
 * What one transaction of {@link RoutingTableProjection} did: the batch's artifacts as it left them (an empty
 * Optional = none; those only seen again as stored, since another instance may have applied them while it owned the
 * partition), the routing version it reached after {@code applied} changes, and the next offset of each partition.
 */
record AppliedEvents(Map<String, Optional<PortDefinition>> ports, Map<String, Optional<GroupDefinition>> groups,
                     long version, int applied, Map<Integer, Long> positions) {

    /** Brings the in-memory table to what the transaction stored. */
    void refresh(RoutingTable table) {
        ports.forEach((name, port) -> table.putPort(name, port.orElse(null)));
        groups.forEach((name, group) -> table.putGroup(name, group.orElse(null)));
        if (applied > 0 && version - applied == table.version()) {
            table.version(version);
        }
        positions.forEach(table::advance);
    }
}
