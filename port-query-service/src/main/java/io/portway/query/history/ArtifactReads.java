package io.portway.query.history;

import io.portway.events.ArtifactKind;
import io.portway.query.projection.ArtifactState;
import io.portway.query.projection.CatchUp;
import io.portway.query.projection.Projector;
import io.portway.query.web.Page;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * One send port or send port group by name, the same way for both kinds: its state now (once the read model has
 * reached a {@code minVersion}), as of an instant, and its history; {@code 404 NOT_FOUND} when there is none.
 */
@Component
public class ArtifactReads {

    private final JdbcTemplate jdbc;
    private final Projector projector;
    private final History history;
    private final CatchUp catchUp;

    ArtifactReads(JdbcTemplate jdbc, Projector projector, History history, CatchUp catchUp) {
        this.jdbc = jdbc;
        this.projector = projector;
        this.history = history;
        this.catchUp = catchUp;
    }

    /** The state now, once the read model has reached {@code minVersion} (if given); 404 if there is none. */
    public <S extends ArtifactState> S current(ArtifactKind kind, String name, Long minVersion, Class<S> type) {
        List<String> states = new ArrayList<>(1);
        LongSupplier read = () -> {
            states.clear();
            List<Long> versions = jdbc.query("select version, state::text from " + table(kind) + " where name = ?",
                    (rs, row) -> {
                        states.add(rs.getString(2));
                        return rs.getLong(1);
                    }, name);
            return versions.isEmpty() ? 0 : versions.get(0);
        };
        // the state is read with its version, so a read that has caught up answers from the check's own query
        if (minVersion == null || minVersion <= 0) {
            read.getAsLong();
        } else {
            catchUp.await(name, minVersion, read);
        }
        if (states.isEmpty()) {
            throw History.notFound(kind, name, "does not exist");
        }
        return projector.read(states.get(0), type);
    }

    /** The state at an instant; 404 if no incarnation of the name existed then. */
    public <S extends ArtifactState> S asOf(ArtifactKind kind, String name, Instant asOf, Class<S> type) {
        return history.stateAsOf(kind, name, asOf, type)
                .orElseThrow(() -> History.notFound(kind, name, "did not exist at " + asOf));
    }

    /** The history, once the read model has reached {@code minVersion} (if given). */
    public Page<HistoryEntry> history(ArtifactKind kind, String name, String cursor, int limit, Long minVersion) {
        catchUp.await(name, minVersion, () -> version(kind, name));
        return history.of(kind, name, cursor, limit);
    }

    private long version(ArtifactKind kind, String name) {
        List<Long> versions = jdbc.queryForList("select version from " + table(kind) + " where name = ?",
                Long.class, name);
        return versions.isEmpty() ? 0 : versions.get(0);
    }

    private static String table(ArtifactKind kind) {
        return kind == ArtifactKind.SendPort ? "query.send_port" : "query.send_port_group";
    }
}
