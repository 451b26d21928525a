package io.portway.command.artifact;

import io.portway.events.Lifecycle;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;

/**
 * The four lifecycle endpoints a send port and a send port group answer alike, under the subclass's
 * {@code @RequestMapping}: {@code POST /{name}/enlist|start|stop|unenlist} with an optional {@code If-Match}, each
 * its own OpenAPI operation, answering {@code 200} with the {@link ChangedArtifact} and its version as the ETag.
 */
public abstract class LifecycleEndpoints {

    @PostMapping("/{name}/enlist")
    public ResponseEntity<ChangedArtifact> enlist(@PathVariable String name,
            @RequestHeader(value = IfMatch.HEADER, required = false) String ifMatch) {
        return answer(change(name, Lifecycle.ENLIST, ifMatch));
    }

    @PostMapping("/{name}/start")
    public ResponseEntity<ChangedArtifact> start(@PathVariable String name,
            @RequestHeader(value = IfMatch.HEADER, required = false) String ifMatch) {
        return answer(change(name, Lifecycle.START, ifMatch));
    }

    @PostMapping("/{name}/stop")
    public ResponseEntity<ChangedArtifact> stop(@PathVariable String name,
            @RequestHeader(value = IfMatch.HEADER, required = false) String ifMatch) {
        return answer(change(name, Lifecycle.STOP, ifMatch));
    }

    @PostMapping("/{name}/unenlist")
    public ResponseEntity<ChangedArtifact> unenlist(@PathVariable String name,
            @RequestHeader(value = IfMatch.HEADER, required = false) String ifMatch) {
        return answer(change(name, Lifecycle.UNENLIST, ifMatch));
    }

    /** Sends the lifecycle command of the artifact named {@code name}; {@code ifMatch} is the raw header. */
    protected abstract ChangedArtifact change(String name, Lifecycle action, String ifMatch);

    private static ResponseEntity<ChangedArtifact> answer(ChangedArtifact state) {
        return ResponseEntity.ok().eTag(Long.toString(state.version())).body(state);
    }
}
