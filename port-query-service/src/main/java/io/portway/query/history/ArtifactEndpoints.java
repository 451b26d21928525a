package io.portway.query.history;

import io.portway.query.web.Page;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;

import java.time.Instant;

/**
 * The endpoints a send port and a send port group answer alike by name, under the subclass's
 * {@code @RequestMapping}: {@code GET /{name}} (now, once the read model has reached {@code minVersion} or
 * {@code X-Min-Version}, or as of an instant) and {@code GET /{name}/history}.
 *
 * @param <V> what {@code GET /{name}} answers
 */
public abstract class ArtifactEndpoints<V> {

    /** One kind's reader of artifacts by name. */
    public interface Views<V> {

        V current(String name, Long minVersion);

        V asOf(String name, Instant asOf);

        Page<HistoryEntry> history(String name, String cursor, int limit, Long minVersion);
    }

    private final Views<V> views;

    protected ArtifactEndpoints(Views<V> views) {
        this.views = views;
    }

    @GetMapping("/{name}")
    public V get(@PathVariable String name, @RequestParam(required = false) Instant asOf,
            @RequestParam(required = false) @Min(1) Long minVersion,
            @RequestHeader(value = "X-Min-Version", required = false) @Min(1) Long minVersionHeader) {
        return asOf != null ? views.asOf(name, asOf)
                : views.current(name, minVersion != null ? minVersion : minVersionHeader);
    }

    @GetMapping("/{name}/history")
    public Page<HistoryEntry> history(@PathVariable String name, @RequestParam(required = false) String cursor,
            @RequestParam(defaultValue = "1000") @Min(1) @Max(10000) int limit,
            @RequestParam(required = false) @Min(1) Long minVersion,
            @RequestHeader(value = "X-Min-Version", required = false) @Min(1) Long minVersionHeader) {
        return views.history(name, cursor, limit, minVersion != null ? minVersion : minVersionHeader);
    }
}
