package io.portway.delivery.routing;

import java.util.List;
import java.util.Set;

/**
 * The instance side's part in a routing transaction: messages held at a port or group are released in the same
 * transaction as its start, under the lock every admission of a held instance takes (docs/RULES.md §7). Implemented
 * where the instances are kept, so routing knows nothing of them.
 */
public interface HeldAtStart {

    /**
     * Takes the release lock and answers which of these starts find instances held (the others release nothing, so
     * the transaction need not stop for them). Called once per transaction that starts something, before any start.
     */
    Set<ArtifactStarted> holding(List<ArtifactStarted> starts);

    /**
     * Releases what the start unblocks. The stored table is as of the start: every earlier change of the transaction
     * is written, no later one.
     */
    void release(ArtifactStarted started);
}
