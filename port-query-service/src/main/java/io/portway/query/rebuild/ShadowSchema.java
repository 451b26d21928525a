package io.portway.query.rebuild;

import io.portway.query.projection.Projector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The rebuild's shadow schema {@value #SHADOW}: created with the live tables' columns, indexed after the bulk load,
 * then switched in for the live schema {@value Projector#LIVE_SCHEMA}; and the rebuild's transactions.
 */
@Component
class ShadowSchema {

    static final String SHADOW = "query_rebuild";
    static final String RETIRED = "query_retired";
    private static final List<String> TABLES = List.of("event_sequence", "send_port", "send_port_group",
            "group_member", "history");
    private static final Logger log = LoggerFactory.getLogger(ShadowSchema.class);
    private static final int INDEX_BUILDERS = 4;

    private final DataSource dataSource;
    private final TransactionTemplate transactions;
    private final ExecutorService indexers = Executors.newFixedThreadPool(INDEX_BUILDERS, runnable -> {
        Thread thread = new Thread(runnable, "rebuild-index");
        thread.setDaemon(true);
        return thread;
    });

    ShadowSchema(DataSource dataSource, TransactionTemplate transactions) {
        this.dataSource = dataSource;
        this.transactions = transactions;
    }

    /** A new, empty shadow schema: the live tables' columns, no indexes. */
    void create() throws SQLException {
        inTransaction(connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("drop schema if exists " + SHADOW + " cascade");
                statement.execute("create schema " + SHADOW);
                for (String table : TABLES) {
                    statement.execute("create table " + SHADOW + "." + table + " (like " + Projector.LIVE_SCHEMA
                            + "." + table + " including defaults including identity including generated)");
                }
            }
        });
    }

    /**
     * Gives the shadow tables the live tables' indexes and constraints, added after the bulk load: every index is
     * built with {@code CREATE INDEX} (which, unlike {@code ALTER TABLE}, lets other index builds on the same table
     * run at the same time) on {@value #INDEX_BUILDERS} connections, largest table first; primary keys and unique
     * constraints then adopt their index.
     */
    void index() throws SQLException {
        List<String> indexes = new ArrayList<>();
        List<String> constraints = new ArrayList<>();
        inTransaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement("select i.tablename, i.indexdef "
                    + "from pg_indexes i join pg_class c on c.relname = i.tablename join pg_namespace n "
                    + "on n.oid = c.relnamespace and n.nspname = i.schemaname where i.schemaname = ? "
                    + "order by c.reltuples desc, i.indexname")) {
                select.setString(1, Projector.LIVE_SCHEMA);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        if (TABLES.contains(rs.getString(1))) {
                            indexes.add(rs.getString(2).replace(" ON " + Projector.LIVE_SCHEMA + ".",
                                    " ON " + SHADOW + "."));
                        }
                    }
                }
            }
            try (PreparedStatement select = connection.prepareStatement("select c.conrelid::regclass::text, "
                    + "c.conname, c.contype from pg_constraint c join pg_namespace n on n.oid = c.connamespace "
                    + "where n.nspname = ? and c.contype in ('p', 'u')")) {
                select.setString(1, Projector.LIVE_SCHEMA);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        String table = rs.getString(1).substring(rs.getString(1).indexOf('.') + 1);
                        if (TABLES.contains(table)) {
                            constraints.add("alter table " + SHADOW + "." + table + " add constraint "
                                    + rs.getString(2) + ("p".equals(rs.getString(3)) ? " primary key" : " unique")
                                    + " using index " + rs.getString(2));
                        }
                    }
                }
            }
        });
        ConcurrentLinkedQueue<String> queue = new ConcurrentLinkedQueue<>(indexes);
        List<Future<?>> builders = new ArrayList<>();
        for (int i = 0; i < INDEX_BUILDERS; i++) {
            builders.add(indexers.submit(() -> {
                String ddl;
                while ((ddl = queue.poll()) != null) {
                    String statement = ddl;
                    inTransaction(connection -> {
                        try (Statement sql = connection.createStatement()) {
                            sql.execute("set local maintenance_work_mem = '256MB'");
                            sql.execute(statement);
                        }
                    });
                }
                return null;
            }));
        }
        for (Future<?> builder : builders) {
            try {
                builder.get();
            } catch (ExecutionException e) {
                queue.clear();
                if (e.getCause() instanceof SQLException sql) {
                    throw sql;
                }
                throw new IllegalStateException("cannot index the rebuilt read models", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while indexing the rebuilt read models", e);
            }
        }
        inTransaction(connection -> {
            try (Statement statement = connection.createStatement()) {
                for (String sql : constraints) {
                    statement.execute(sql);
                }
                for (String table : TABLES) {
                    statement.execute("analyze " + SHADOW + "." + table);
                }
            }
        });
    }

    /** The rebuild's own transactions need not wait for their commit to be durable: a failed rebuild restarts. */
    static void relaxDurability(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("set local synchronous_commit = off");
        }
    }

    /**
     * Makes the shadow schema the live one in the caller's transaction (which holds the read-model lock): copies
     * Flyway's history table, renames the live schema away and the shadow schema to the live name, drops the old one.
     */
    void switchOver(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("create table " + SHADOW + ".flyway_schema_history (like " + Projector.LIVE_SCHEMA
                    + ".flyway_schema_history including all)");
            statement.execute("insert into " + SHADOW + ".flyway_schema_history select * from "
                    + Projector.LIVE_SCHEMA + ".flyway_schema_history");
            statement.execute("alter schema " + Projector.LIVE_SCHEMA + " rename to " + RETIRED);
            statement.execute("alter schema " + SHADOW + " rename to " + Projector.LIVE_SCHEMA);
            statement.execute("drop schema " + RETIRED + " cascade");
        }
    }

    /** Drops what a failed rebuild left; a failure to do so is only logged. */
    void dropQuietly() {
        try {
            inTransaction(connection -> {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("drop schema if exists " + SHADOW + " cascade");
                }
            });
        } catch (RuntimeException | SQLException e) {
            log.warn("could not drop the rebuild's shadow schema: {}", e.getMessage());
        }
    }

    interface Work {
        void run(Connection connection) throws SQLException;
    }

    /** Runs the work on one connection in a transaction of its own. */
    void inTransaction(Work work) throws SQLException {
        try {
            transactions.executeWithoutResult(status -> {
                Connection connection = DataSourceUtils.getConnection(dataSource);
                try {
                    work.run(connection);
                } catch (SQLException e) {
                    throw new SqlFailure(e);
                }
            });
        } catch (SqlFailure e) {
            throw e.cause;
        }
    }

    private static final class SqlFailure extends RuntimeException {
        private final SQLException cause;

        SqlFailure(SQLException cause) {
            super(cause);
            this.cause = cause;
        }
    }
}
