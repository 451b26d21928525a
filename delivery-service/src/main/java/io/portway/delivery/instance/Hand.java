package io.portway.delivery.instance;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * What one worker holds: the instances it claimed and has not attempted yet, the one it is sending and those
 * whose outcome is not recorded yet. The lease keeper extends the lease of all of them, and takes back the waiting
 * ones when a send hangs, so no instance waits behind a destination that does not answer.
 */
final class Hand {

    private final Deque<Claimed> waiting = new ArrayDeque<>();
    private final Set<UUID> unrecorded = new HashSet<>();
    private Claimed sending;
    private Instant sendingSince;

    synchronized void take(Collection<Claimed> claimed) {
        waiting.addAll(claimed);
    }

    /** The next instance to send, or null when the hand is empty (or was taken back). */
    synchronized Claimed next(Instant now) {
        sending = waiting.poll();
        sendingSince = now;
        if (sending != null) {
            unrecorded.add(sending.id());
        }
        return sending;
    }

    synchronized void sent() {
        sending = null;
    }

    /** Drops instances that are recorded, or that the lease should no longer protect. */
    synchronized void released(Collection<UUID> ids) {
        unrecorded.removeAll(ids);
    }

    synchronized List<UUID> held() {
        List<UUID> held = new ArrayList<>(unrecorded);
        waiting.forEach(instance -> held.add(instance.id()));
        return held;
    }

    /** When the current send has run longer than {@code patience}: the waiting instances, taken out of the hand. */
    synchronized List<UUID> takeBackIfStuck(Instant now, Duration patience) {
        if (sending == null || waiting.isEmpty() || sendingSince.plus(patience).isAfter(now)) {
            return List.of();
        }
        List<UUID> taken = waiting.stream().map(Claimed::id).toList();
        waiting.clear();
        return taken;
    }

    /** Takes out the waiting instances of one port (its workers are all busy). */
    synchronized List<UUID> takeBack(String sendPort) {
        List<UUID> taken = new ArrayList<>();
        waiting.removeIf(instance -> {
            if (instance.sendPort().equals(sendPort)) {
                taken.add(instance.id());
                return true;
            }
            return false;
        });
        return taken;
    }
}
