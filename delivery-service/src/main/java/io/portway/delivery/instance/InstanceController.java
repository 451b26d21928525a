package io.portway.delivery.instance;

import io.portway.support.PortwayException;
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

    /** Bulk selection; every field optional. */
    record BulkRequest(String sendPort, InstanceStatus status, String errorCode, Instant from, Instant to,
                       List<UUID> ids) {

        InstanceActions.Selection selection() {
            return new InstanceActions.Selection(sendPort, status, errorCode, from, to, ids);
        }
    }

    /** How many instances matched the selection, how many changed, how many were refused by their status. */
    record BulkAnswer(int matched, int resumed, int terminated, int refused) {
    }

    @PostMapping("/resume")
    BulkAnswer resumeAll(@RequestBody BulkRequest request, Principal principal) {
        InstanceActions.BulkResult result = actions.resumeAll(request.selection(), principal.getName());
        return new BulkAnswer(result.matched(), result.changed(), 0, result.refused());
    }

    @PostMapping("/terminate")
    BulkAnswer terminateAll(@RequestBody BulkRequest request, Principal principal) {
        InstanceActions.BulkResult result = actions.terminateAll(request.selection(), principal.getName());
        return new BulkAnswer(result.matched(), 0, result.changed(), result.refused());
    }
}
