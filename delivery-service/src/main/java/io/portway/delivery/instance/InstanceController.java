package io.portway.delivery.instance;

import io.portway.support.PortwayException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.security.Principal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

@RestController
@RequestMapping("/api/service-instances")
class InstanceController {

    private final InstanceQueries queries;
    private final InstanceActions actions;

    InstanceController(InstanceQueries queries, InstanceActions actions) {
        this.queries = queries;
        this.actions = actions;
    }

    @GetMapping
    Page<ServiceInstanceView> list(@RequestParam(required = false) String sendPort,
                                   @RequestParam(required = false) InstanceStatus status,
                                   @RequestParam(required = false) Instant from,
                                   @RequestParam(required = false) Instant to,
                                   @RequestParam(required = false) String cursor,
                                   @RequestParam(defaultValue = "50") int limit) {
        return queries.list(sendPort, status == null ? null : status.name(), from, to, cursor, limit);
    }

    @GetMapping("/{id}")
    ServiceInstanceView one(@PathVariable UUID id) {
        return queries.find(id).orElseThrow(() -> new PortwayException(HttpStatus.NOT_FOUND, "NOT_FOUND",
                "no service instance with id " + id));
    }

    @PostMapping("/{id}/resume")
    ServiceInstanceView resume(@PathVariable UUID id, Principal principal) {
        return actions.resume(id, principal.getName());
    }

    @PostMapping("/{id}/suspend")
    ServiceInstanceView suspend(@PathVariable UUID id, Principal principal) {
        return actions.suspend(id, principal.getName());
    }

    @PostMapping("/{id}/terminate")
    ServiceInstanceView terminate(@PathVariable UUID id, Principal principal) {
        return actions.terminate(id, principal.getName());
    }

    /**
     * Bulk selection: every given field must hold. At least one field is required (else 400 {@code FILTER_REQUIRED}),
     * unless {@code all} is true; {@code ids} names at most {@link #MAX_IDS} instances.
     */
    record BulkRequest(String sendPort, InstanceStatus status, String errorCode, Instant from, Instant to,
                       @Size(max = MAX_IDS) List<UUID> ids, Boolean all) {

        static final int MAX_IDS = 1000;

        InstanceActions.Selection selection() {
            boolean filtered = sendPort != null || status != null || errorCode != null || from != null || to != null
                    || ids != null && !ids.isEmpty();
            if (!filtered && !Boolean.TRUE.equals(all)) {
                throw new PortwayException(HttpStatus.BAD_REQUEST, "FILTER_REQUIRED", "a bulk action needs at least "
                        + "one of sendPort, status, errorCode, from, to or ids; to select every instance, send "
                        + "\"all\": true");
            }
            return new InstanceActions.Selection(sendPort, status, errorCode, from, to, ids);
        }
    }

    /** How many instances matched the selection, how many changed, how many were refused by their status. */
    record BulkAnswer(int matched, int resumed, int terminated, int refused) {
    }

    @PostMapping("/resume")
    BulkAnswer resumeAll(@Valid @RequestBody BulkRequest request, Principal principal) {
        InstanceActions.BulkResult result = actions.resumeAll(request.selection(), principal.getName());
        return new BulkAnswer(result.matched(), result.changed(), 0, result.refused());
    }

    @PostMapping("/terminate")
    BulkAnswer terminateAll(@Valid @RequestBody BulkRequest request, Principal principal) {
        InstanceActions.BulkResult result = actions.terminateAll(request.selection(), principal.getName());
        return new BulkAnswer(result.matched(), 0, result.changed(), result.refused());
    }
}
