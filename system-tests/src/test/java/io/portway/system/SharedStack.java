package io.portway.system;

import io.portway.stack.PortwayStack;
import io.portway.stack.Service;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One running system for every system IT of the test run: PostgreSQL, Kafka and the three services as processes,
 * started by the same launcher as the README's run command when the first class needs it, and stopped after the
 * last test of the run. Classes keep out of each other's way by their own artifact names and applications.
 */
final class SharedStack implements BeforeAllCallback {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private static volatile PortwayStack stack;

    /** The running system; only after the extension has run (in or after {@code @BeforeAll}). */
    static PortwayStack stack() {
        assertThat(stack).as("@ExtendWith(SharedStack.class)").isNotNull();
        return stack;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(SharedStack.class, key -> new Running(), Running.class);
    }

    /** Closed by JUnit when the whole run is over. */
    private static final class Running implements ExtensionContext.Store.CloseableResource {

        private final Path data;

        Running() {
            try {
                data = Files.createTempDirectory("portway-system-");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            stack = PortwayStack.builder(data)
                    .repositoryRoot(ROOT)
                    .postgresPort(0)
                    .kafkaPort(0)
                    .freeServicePorts()
                    .services(List.of(Service.PORT_COMMAND, Service.PORT_QUERY, Service.DELIVERY))
                    .startTimeout(Duration.ofMinutes(4))
                    .start();
            assertThat(stack.services()).as("services built and started")
                    .containsExactly("port-command-service", "port-query-service", "delivery-service");
        }

        @Override
        public void close() throws IOException {
            stack.close();
            try (Stream<Path> files = Files.walk(data)) {
                files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            }
        }
    }
}
