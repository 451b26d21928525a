package io.portway.embedded;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * A real single-node Kafka (KRaft, broker and controller in one) from the {@code kafka_2.13} jar, listening on
 * 127.0.0.1 only.
 * <p>
 * The log directory is formatted the first time and reused afterwards, so a server restarted on the same
 * directory keeps its topics and records. Without a directory it lives in a temporary one deleted on
 * {@link #close()}.
 */
public final class EmbeddedKafkaServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaServer.class);
    private static final int NODE_ID = 1;

    private final KafkaRaftServer server;
    private final Path logDirectory;
    private final boolean temporary;
    private final int port;
    private boolean closed;

    private EmbeddedKafkaServer(KafkaRaftServer server, Path logDirectory, boolean temporary, int port) {
        this.server = server;
        this.logDirectory = logDirectory;
        this.temporary = temporary;
        this.port = port;
    }

    /**
     * Starts a broker.
     *
     * @param logDirectory where topics live between runs, or {@code null} for a temporary directory
     * @param port         the client port on 127.0.0.1, or 0 for a free one
     */
    public static EmbeddedKafkaServer start(Path logDirectory, int port) {
        boolean temporary = logDirectory == null;
        try {
            Path directory = temporary
                    ? Files.createTempDirectory("embedded-kafka")
                    : Files.createDirectories(logDirectory).toAbsolutePath();
            int clientPort = port == 0 ? FreePorts.find() : port;
            int controllerPort = FreePorts.find();
            KafkaConfig config = new KafkaConfig(properties(directory, clientPort, controllerPort), false);
            formatIfNeeded(config, directory);
            KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
            try {
                server.startup();
            } catch (RuntimeException e) {
                shutdown(server);
                throw e;
            }
            log.info("Kafka broker listening on 127.0.0.1:{}, log directory {}", clientPort, directory);
            return new EmbeddedKafkaServer(server, directory, temporary, clientPort);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded Kafka", e);
        }
    }

    /** A broker in a temporary directory on a free port. */
    public static EmbeddedKafkaServer startTemporary() {
        return start(null, 0);
    }

    private static Properties properties(Path directory, int clientPort, int controllerPort) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + clientPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + clientPort);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", directory.toString());
        p.put("auto.create.topics.enable", "true");
        p.put("num.partitions", "3");
        p.put("default.replication.factor", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "5");
        p.put("group.initial.rebalance.delay.ms", "0");
        // small footprint: the machine is shared with PostgreSQL and the services
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "2");
        p.put("background.threads", "2");
        p.put("num.recovery.threads.per.data.dir", "1");
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(4 * 1024 * 1024));
        p.put("log.cleaner.threads", "1");
        p.put("controlled.shutdown.enable", "true");
        return p;
    }

    private static void formatIfNeeded(KafkaConfig config, Path directory) {
        if (Files.exists(directory.resolve("meta.properties"))) {
            return;
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            new Formatter()
                    .setPrintStream(out)
                    .setNodeId(NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setControllerListenerName("CONTROLLER")
                    .setMetadataLogDirectory(config.metadataLogDir())
                    .setDirectories(List.of(directory.toString()))
                    .setIgnoreFormatted(true)
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("cannot format Kafka log directory " + directory + ": " + output, e);
        }
        log.info("Formatted Kafka log directory {}", directory);
    }

    /** {@code 127.0.0.1:<port>}, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public Path logDirectory() {
        return logDirectory;
    }

    /** Stops the broker and waits for its threads; a temporary log directory is deleted. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        shutdown(server);
        if (temporary) {
            Directories.deleteRecursively(logDirectory);
        }
    }

    private static void shutdown(KafkaRaftServer server) {
        server.shutdown();
        server.awaitShutdown();
    }

    @Override
    public String toString() {
        return "EmbeddedKafkaServer[" + bootstrapServers() + ", " + logDirectory + "]";
    }
}
