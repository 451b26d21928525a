package io.portway.stack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * The run command: {@code ./mvnw -Prun -DskipTests install} from the repository root (or {@code java -cp … Main}).
 * <p>
 * Environment: {@code PORTWAY_DATA_DIR} (default {@code ./.portway}); {@code PORTWAY_DB_URL} (+
 * {@code PORTWAY_DB_USER}, {@code PORTWAY_DB_PASSWORD}) and {@code PORTWAY_KAFKA_BOOTSTRAP_SERVERS} to use existing
 * servers (their names before, {@code PORTWAY_JDBC_*} and {@code PORTWAY_KAFKA}, still work, with a warning);
 * {@code PORTWAY_START_TIMEOUT} (seconds each service may take to become healthy, default 120);
 * {@code PORTWAY_BIND} (the address the services listen on, default 127.0.0.1: this machine only);
 * {@code PORTWAY_SECRETS_KEY} (the key sealing transport secrets; default: {@code <data dir>/secrets.key},
 * created on first start).
 * Runs until Ctrl-C (or SIGTERM), then stops everything it started.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path dataDirectory = Path.of(env("PORTWAY_DATA_DIR", ".portway")).toAbsolutePath().normalize();
        System.setProperty("portway.logs", dataDirectory.resolve("logs").toString());

        StackBuilder builder = PortwayStack.builder(dataDirectory).repositoryRoot(Path.of(""))
                .bindAddress(env("PORTWAY_BIND", PortwayStack.DEFAULT_BIND_ADDRESS));
        builder.startTimeout(Duration.ofSeconds(Long.parseLong(
                env("PORTWAY_START_TIMEOUT", String.valueOf(PortwayStack.DEFAULT_START_TIMEOUT.toSeconds())))));
        String jdbcUrl = renamed("PORTWAY_DB_URL", "PORTWAY_JDBC_URL", null);
        if (jdbcUrl != null) {
            builder.externalPostgres(jdbcUrl, renamed("PORTWAY_DB_USER", "PORTWAY_JDBC_USER", "postgres"),
                    renamed("PORTWAY_DB_PASSWORD", "PORTWAY_JDBC_PASSWORD", ""));
        }
        String kafka = renamed("PORTWAY_KAFKA_BOOTSTRAP_SERVERS", "PORTWAY_KAFKA", null);
        if (kafka != null && !kafka.isBlank()) {
            builder.externalKafka(kafka);
        }

        stopWhenParentExits();
        PortwayStack stack;
        try {
            stack = builder.start();
        } catch (RuntimeException e) {
            System.err.println("Portway did not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        System.out.println(stack.describe());
        new CountDownLatch(1).await();
    }

    /**
     * Maven (the run profile) does not pass its own Ctrl-C or SIGINT on to this JVM: when the process that launched
     * the stack goes away, stop everything (the shutdown hook) rather than leave orphans.
     */
    private static void stopWhenParentExits() {
        ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> {
            System.out.println("The launching process " + parent.pid() + " exited: stopping Portway.");
            System.exit(0);
        }));
    }

    /** The variable {@code name}, else its deprecated name {@code old} (with a warning), else {@code fallback}. */
    private static String renamed(String name, String old, String fallback) {
        String value = env(name, null);
        if (value == null && env(old, null) != null) {
            System.err.println("WARN " + old + " is deprecated: set " + name + " instead (using " + old
                    + "'s value for now)");
            return env(old, null);
        }
        return value == null ? fallback : value;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
