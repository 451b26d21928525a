package io.portway.command.artifact;

import io.portway.events.Lifecycle;
import org.springframework.http.ResponseEntity;

import java.util.Arrays;

/**
 * The HTTP form of a lifecycle command, the same for ports and groups: {@code POST <artifact>/enlist|start|stop|unenlist}
 * with an optional {@code If-Match}, answered {@code 200} with the artifact as it was left and its version as ETag.
 */
public final class LifecycleEndpoint {

    /** The path below an artifact, its last segment one {@link Lifecycle} verb. */
    public static final String PATH = "/{name}/{action:enlist|start|stop|unenlist}";

    private LifecycleEndpoint() {
    }

    /** The action the verb of the path names. */
    public static Lifecycle action(String verb) {
        return Arrays.stream(Lifecycle.values()).filter(action -> action.verb().equals(verb)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no lifecycle action '" + verb + "'"));
    }

    /** {@code 200}, {@code ETag: "<version>"} and {@code {name, status, version}}. */
    public static ResponseEntity<ChangedArtifact> answer(ChangedArtifact state) {
        return ResponseEntity.ok().eTag(Long.toString(state.version())).body(state);
    }
}
