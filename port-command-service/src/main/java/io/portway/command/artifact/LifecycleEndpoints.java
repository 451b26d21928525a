package io.portway.command.artifact;

import io.portway.command.directory.ArtifactDirectory;
import io.portway.command.directory.ArtifactDirectory.Entry;
import io.portway.events.ArtifactKind;
import io.portway.events.Lifecycle;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;

/**
 * The four lifecycle endpoints a send port and a send port group answer alike, under the subclass's
 * {@code @RequestMapping}: {@code POST /{name}/enlist|start|stop|unenlist} with an optional {@code If-Match}, each
 * its own OpenAPI operation, answering {@code 200} with the {@link ChangedArtifact} and its version as the ETag;
 * and the by-name lookup ({@link #find}) every endpoint of the subclass starts with.
 */
public abstract class LifecycleEndpoints {

    private final ArtifactDirectory directory;
    private final ArtifactKind kind;
    private final String kindName;

    /** {@code kindName} is how a 404 names the kind: {@code send port}. */
    protected LifecycleEndpoints(ArtifactDirectory directory, ArtifactKind kind, String kindName) {
        this.directory = directory;
        this.kind = kind;
        this.kindName = kindName;
    }

    @PostMapping("/{name}/enlist")
    public ResponseEntity<ChangedArtifact> enlist(@PathVariable String name,
            @RequestHeader(value = IfMatch.HEADER, required = false) String ifMatch) {
        return change(name, Lifecycle.ENLIST, ifMatch);
    }

    @PostMapping("/{name}/start")
    public ResponseEntity<ChangedArtifact> start(@PathVariable String name,
            @RequestHeader(value = IfMatch.HEADER, required = false) String ifMatch) {
        return change(name, Lifecycle.START, ifMatch);
    }

    @PostMapping("/{name}/stop")
    public ResponseEntity<ChangedArtifact> stop(@PathVariable String name,
            @RequestHeader(value = IfMatch.HEADER, required = false) String ifMatch) {
        return change(name, Lifecycle.STOP, ifMatch);
    }

    @PostMapping("/{name}/unenlist")
    public ResponseEntity<ChangedArtifact> unenlist(@PathVariable String name,
            @RequestHeader(value = IfMatch.HEADER, required = false) String ifMatch) {
        return change(name, Lifecycle.UNENLIST, ifMatch);
    }

    /** The live artifact of the subclass's kind by that name; 404 {@code NOT_FOUND} if there is none. */
    protected Entry find(String name) {
        return directory.find(name, kind).orElseThrow(() -> new CommandRefused(ErrorCode.NOT_FOUND,
                kindName + " '" + name + "' does not exist"));
    }

    /** Sends the artifact's lifecycle command; {@code expectedVersion} null means any version. */
    protected abstract ChangedArtifact change(Entry artifact, Lifecycle action, Long expectedVersion);

    private ResponseEntity<ChangedArtifact> change(String name, Lifecycle action, String ifMatch) {
        ChangedArtifact state = change(find(name), action, IfMatch.parse(ifMatch));
        return ResponseEntity.ok().eTag(Long.toString(state.version())).body(state);
    }
}
