package io.portway.query.sendport;

import io.portway.events.ArtifactStatus;
import io.portway.events.TransportType;
import io.portway.query.history.HistoryEntry;
import io.portway.query.web.Page;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;

@RestController
@RequestMapping("/api/send-ports")
class SendPortQueryController {

    private final SendPortViews ports;

    SendPortQueryController(SendPortViews ports) {
        this.ports = ports;
    }

    @GetMapping
    Page<SendPortView> list(@RequestParam(required = false) ArtifactStatus status,
            @RequestParam(required = false) String application,
            @RequestParam(required = false) TransportType transportType,
            @RequestParam(required = false) String cursor,
            @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        return ports.list(status, application, transportType, cursor, limit);
    }

    /** The port now, or as of an instant; {@code minVersion} waits until the read model has caught up. */
    @GetMapping("/{name}")
    SendPortView get(@PathVariable String name, @RequestParam(required = false) Instant asOf,
            @RequestParam(required = false) @Min(1) Long minVersion,
            @RequestHeader(value = "X-Min-Version", required = false) @Min(1) Long minVersionHeader) {
        return asOf != null ? ports.asOf(name, asOf)
                : ports.current(name, minVersion != null ? minVersion : minVersionHeader);
    }

    @GetMapping("/{name}/history")
    Page<HistoryEntry> history(@PathVariable String name, @RequestParam(required = false) String cursor,
            @RequestParam(defaultValue = "1000") @Min(1) @Max(10000) int limit,
            @RequestParam(required = false) @Min(1) Long minVersion,
            @RequestHeader(value = "X-Min-Version", required = false) @Min(1) Long minVersionHeader) {
        return ports.history(name, cursor, limit, minVersion != null ? minVersion : minVersionHeader);
    }
}
