package io.portway.query.overview;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Aggregates of the read models for the console's Overview (VIEWER). */
@RestController
@RequestMapping("/api/overview")
@Tag(name = "Overview", description = "Aggregates for a dashboard")
class OverviewQueryController {

    private final ArtifactCounts counts;

    OverviewQueryController(ArtifactCounts counts) {
        this.counts = counts;
    }

    @GetMapping("/artifacts")
    @Operation(summary = "Send ports and groups per status",
            description = "Live (not deleted) send ports and send port groups counted per status, optionally of "
                    + "one application; every status is listed, with 0 where there is none.")
    ArtifactCounts.Answer artifacts(@RequestParam(required = false) String application) {
        return counts.count(application == null || application.isBlank() ? null : application);
    }
}
