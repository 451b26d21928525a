package io.portway.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A real PostgreSQL 15 server run from the zonky binaries jar, listening on 127.0.0.1 only.
 * <p>
 * With a data directory the cluster is kept between runs (initialised only the first time); without one it lives
 * in a temporary directory that is deleted on {@link #close()}. The superuser is {@code postgres} without password.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    public static final String USER = "postgres";
    public static final String PASSWORD = "";

    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final EmbeddedPostgres postgres;
    private final int port;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
        this.port = postgres.getPort();
    }

    /**
     * Starts a server.
     *
     * @param dataDirectory where the cluster lives between runs, or {@code null} for a temporary one
     * @param port          the port, or 0 for a free one
     */
    public static EmbeddedPostgresServer start(Path dataDirectory, int port) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setPort(port)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "300")
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setRegisterShutdownHook(false);
            if (dataDirectory != null) {
                Files.createDirectories(dataDirectory);
                // data kept between runs is kept durably, as production would (zonky's defaults trade that for
                // speed, which suits the throw-away clusters of tests)
                builder.setDataDirectory(dataDirectory).setCleanDataDirectory(false)
                        .setServerConfig("fsync", "on")
                        .setServerConfig("synchronous_commit", "on")
                        .setServerConfig("full_page_writes", "on");
            }
            return new EmbeddedPostgresServer(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
        }
    }

    /** A server in a temporary directory on a free port. */
    public static EmbeddedPostgresServer startTemporary() {
        return start(null, 0);
    }

    public int port() {
        return port;
    }

    /** {@code jdbc:postgresql://127.0.0.1:<port>/<database>} (user and password not included). */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public String user() {
        return USER;
    }

    public String password() {
        return PASSWORD;
    }

    /** Creates the database unless it exists; answers its JDBC url. Names: lower case letters, digits, '_'. */
    public String createDatabase(String name) {
        Objects.requireNonNull(name, "name");
        if (!DATABASE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a plain database name: " + name);
        }
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), USER, PASSWORD)) {
            boolean exists;
            try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                query.setString(1, name);
                try (ResultSet rows = query.executeQuery()) {
                    exists = rows.next();
                }
            }
            if (!exists) {
                try (Statement create = connection.createStatement()) {
                    create.execute("CREATE DATABASE " + name);
                }
            }
            return jdbcUrl(name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
    }

    /** Stops the server (fast shutdown); a temporary data directory is deleted. */
    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop embedded PostgreSQL", e);
        }
    }

    @Override
    public String toString() {
        return "EmbeddedPostgresServer[" + jdbcUrl("postgres") + "]";
    }
}
