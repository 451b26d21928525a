package io.portway.delivery.instance;

import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The delivery side of the console's Overview: what waits per port, and deliveries and failures per minute. */
final class InstanceOverview {

    /** The statuses an operator has to look at: held or suspended. */
    static final Set<InstanceStatus> WAITING = EnumSet.of(InstanceStatus.Suspended,
            InstanceStatus.SuspendedNotResumable);

    /** Reasons that mean a delivery failed (not a hold, not an operator's action). */
    static final Set<InstanceReason> FAILURES = EnumSet.of(InstanceReason.NO_ADDRESS,
            InstanceReason.ADDRESS_NOT_ALLOWED, InstanceReason.TRANSPORT_FAILED, InstanceReason.PIPELINE_FAILED,
            InstanceReason.PORT_DELETED, InstanceReason.INTERNAL_ERROR);

    private InstanceOverview() {
    }

    @Schema(description = "How many instances of a send port are in a status for a reason")
    record Waiting(String sendPort, String status, String reason, long count) {
    }

    @Schema(description = "One minute: instances delivered, instances that failed, and the delivery latency p99 "
            + "(milliseconds from the instance's creation to its delivery; null without deliveries)")
    record Minute(Instant minute, long delivered, long failed, Long latencyP99Millis) {
    }

    @Schema(description = "Held and suspended instances grouped by send port, status and reason")
    record HeldAndSuspended(List<Waiting> items) {
    }

    @Schema(description = "Deliveries and failures per minute in [from, to), one entry per minute, oldest first")
    record Deliveries(Instant from, Instant to, List<Minute> minutes) {
    }

    /** The window of the last {@code minutes} whole minutes up to and including the current one. */
    static Instant[] window(Instant now, int minutes) {
        Instant to = now.truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES);
        return new Instant[] {to.minus(minutes, ChronoUnit.MINUTES), to};
    }

    /** Every minute of {@code [from, to)}: the measured ones as they are, the others as zero. */
    static List<Minute> everyMinute(Instant from, Instant to, List<Minute> measured) {
        Map<Instant, Minute> byMinute = new HashMap<>();
        measured.forEach(minute -> byMinute.put(minute.minute(), minute));
        List<Minute> minutes = new ArrayList<>();
        for (Instant minute = from; minute.isBefore(to); minute = minute.plus(1, ChronoUnit.MINUTES)) {
            minutes.add(byMinute.getOrDefault(minute, new Minute(minute, 0, 0, null)));
        }
        return minutes;
    }
}
