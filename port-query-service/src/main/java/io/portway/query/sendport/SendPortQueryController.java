package io.portway.query.sendport;

import io.portway.events.ArtifactStatus;
import io.portway.events.TransportType;
import io.portway.query.history.ArtifactEndpoints;
import io.portway.query.web.Page;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/send-ports")
class SendPortQueryController extends ArtifactEndpoints<SendPortView> {

    private final SendPortViews ports;

    SendPortQueryController(SendPortViews ports) {
        super(ports);
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
}
