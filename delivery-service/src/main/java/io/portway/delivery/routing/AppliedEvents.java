package io.portway.delivery.routing;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What one transaction of {@link RoutingTableProjection} did: the artifacts as it left them (an empty Optional =
 * deleted), the artifacts it only saw again (duplicates), the routing version it reached after {@code applied}
 * changes, and the next offset of each partition.
 */
record AppliedEvents(Map<String, Optional<PortDefinition>> ports, Map<String, Optional<GroupDefinition>> groups,
                     Set<String> seenPorts, Set<String> seenGroups, long version, int applied,
                     Map<Integer, Long> positions) {

    /**
     * Brings the in-memory table to what the transaction stored; an artifact only seen again is read from the store
     * (another instance may have applied it while it owned the partition).
     */
    void refresh(RoutingTable table, RoutingStore store) {
        ports.forEach((name, port) -> table.putPort(name, port.orElse(null)));
        groups.forEach((name, group) -> table.putGroup(name, group.orElse(null)));
        seenPorts.stream().filter(name -> !ports.containsKey(name)).forEach(name ->
                table.putPort(name, store.port(name).orElse(null)));
        seenGroups.stream().filter(name -> !groups.containsKey(name)).forEach(name ->
                table.putGroup(name, store.group(name).orElse(null)));
        if (applied > 0 && version - applied == table.version()) {
            table.version(version);
        }
        positions.forEach(table::advance);
    }
}
