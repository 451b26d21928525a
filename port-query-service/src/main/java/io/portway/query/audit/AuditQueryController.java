package io.portway.query.audit;

import io.portway.query.web.Page;
import io.portway.support.FieldError;
import io.portway.support.PortwayException;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;

/** {@code GET /api/audit}: the changes in {@code [from, to)}, paged without any cap on the total. */
@RestController
class AuditQueryController {

    private final AuditLog audit;

    AuditQueryController(AuditLog audit) {
        this.audit = audit;
    }

    @GetMapping("/api/audit")
    Page<AuditEntry> audit(@RequestParam(required = false) Instant from,
            @RequestParam(required = false) Instant to,
            @RequestParam(required = false) String artifact,
            @RequestParam(required = false) String cursor,
            @RequestParam(defaultValue = "1000") @Min(1) @Max(10000) int limit) {
        if (from != null && to != null && !from.isBefore(to)) {
            throw new PortwayException(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", "from must be before to",
                    List.of(new FieldError("from", "must be before to")));
        }
        return audit.changes(from, to, artifact, cursor, limit);
    }
}
