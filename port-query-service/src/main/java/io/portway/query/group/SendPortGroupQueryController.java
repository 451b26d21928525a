package io.portway.query.group;

import io.portway.events.ArtifactStatus;
import io.portway.query.history.ArtifactEndpoints;
import io.portway.query.web.Page;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/send-port-groups")
class SendPortGroupQueryController extends ArtifactEndpoints<SendPortGroupView> {

    private final SendPortGroupViews groups;

    SendPortGroupQueryController(SendPortGroupViews groups) {
        super(groups);
        this.groups = groups;
    }

    @GetMapping
    Page<SendPortGroupView> list(@RequestParam(required = false) ArtifactStatus status,
            @RequestParam(required = false) String application,
            @RequestParam(required = false) String cursor,
            @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        return groups.list(status, application, cursor, limit);
    }
}
