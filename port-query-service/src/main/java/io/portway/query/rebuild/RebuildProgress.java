package io.portway.query.rebuild;

import java.time.Instant;

/** Progress of the latest rebuild: events processed of {@code total} (which grows by those that arrive meanwhile). */
public record RebuildProgress(State state, long processed, long total, Instant startedAt, Instant finishedAt,
        String error) {

    public enum State { IDLE, RUNNING, COMPLETED, FAILED }

    static final RebuildProgress IDLE = new RebuildProgress(State.IDLE, 0, 0, null, null, null);
}
