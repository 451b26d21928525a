package io.portway.query.projection;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A PostgreSQL advisory lock between writers of the live read models: every live batch holds it shared for its
 * transaction, a rebuild's switch-over exclusively, so no live write can land in tables being swapped out.
 */
public final class ReadModelLock {

    private static final long KEY = 0x706f72747761794cL;

    private ReadModelLock() {
    }

    /** The statement taking it shared; a live batch sends it with its first reads ({@link CurrentStates}). */
    static final String SHARED = "select pg_advisory_xact_lock_shared(" + KEY + ")";

    public static void exclusive(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("select pg_advisory_xact_lock(" + KEY + ")");
        }
    }
}
