package io.portway.delivery.instance;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Instant;

/** Read endpoints of the console's Overview (VIEWER): held and suspended instances, deliveries per minute. */
@RestController
@RequestMapping("/api/overview")
@Tag(name = "Overview", description = "Aggregates for a dashboard: what waits per port, deliveries per minute")
class InstanceOverviewController {

    private final InstanceStatistics instances;
    private final Clock clock = Clock.systemUTC();

    InstanceOverviewController(InstanceStatistics instances) {
        this.instances = instances;
    }

    @GetMapping("/held-and-suspended")
    @Operation(summary = "Held and suspended instances per send port",
            description = "Counts of the instances in Suspended (held by a stopped port or group, or suspended "
                    + "after a failure) and SuspendedNotResumable, by send port, status and reason.")
    InstanceOverview.HeldAndSuspended heldAndSuspended() {
        return new InstanceOverview.HeldAndSuspended(instances.heldAndSuspended());
    }

    @GetMapping("/deliveries")
    @Operation(summary = "Deliveries and failures per minute",
            description = "For each of the last `minutes` minutes (default 60, the current one included): instances "
                    + "delivered, instances that failed (now Suspended, SuspendedNotResumable or Terminated with a "
                    + "failure code, counted in the minute they failed) and the p99 of delivery latency, from the "
                    + "instance's creation to its delivery. `sendPort` narrows it to one port.")
    InstanceOverview.Deliveries deliveries(@RequestParam(defaultValue = "60") @Min(1) @Max(1440) int minutes,
            @RequestParam(required = false) String sendPort) {
        Instant[] window = InstanceOverview.window(clock.instant(), minutes);
        String port = sendPort == null || sendPort.isBlank() ? null : sendPort;
        return new InstanceOverview.Deliveries(window[0], window[1],
                InstanceOverview.everyMinute(window[0], window[1], instances.perMinute(window[0], window[1], port)));
    }
}
