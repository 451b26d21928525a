package io.portway.query.projection;

import io.portway.support.PortwayException;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Read-your-writes: a read carrying {@code minVersion} waits until the read model shows at least that version of
 * the artifact, woken by the live consumer after each committed batch (and re-checking every 50 ms, which also
 * covers batches applied by another instance), then answers 504 {@code NOT_CAUGHT_UP}.
 */
@Component
public class CatchUp {

    private final Object monitor = new Object();
    private final Duration timeout;

    CatchUp(QueryProperties properties) {
        this.timeout = properties.readYourWritesTimeout();
    }

    void signal() {
        synchronized (monitor) {
            monitor.notifyAll();
        }
    }

    /** Returns once {@code currentVersion} reaches {@code minVersion}; 0 from the supplier means "not there yet". */
    public void await(String artifact, Long minVersion, LongSupplier currentVersion) {
        if (minVersion == null || minVersion <= 0) {
            return;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        long version;
        while ((version = currentVersion.getAsLong()) < minVersion) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw new PortwayException(HttpStatus.GATEWAY_TIMEOUT, "NOT_CAUGHT_UP",
                        "the read model of '" + artifact + "' is at version " + version + ", not yet at "
                                + minVersion + ", after waiting " + timeout.toMillis() + " ms; retry later");
            }
            synchronized (monitor) {
                try {
                    monitor.wait(Math.max(1, Math.min(50, remaining / 1_000_000)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new PortwayException(HttpStatus.SERVICE_UNAVAILABLE, "INTERRUPTED", "shutting down");
                }
            }
        }
    }

    /** Settings of the query service ({@code portway.query.*}). */
    @ConfigurationProperties("portway.query")
    public record QueryProperties(Duration readYourWritesTimeout, int rebuildBatchSize) {
        public QueryProperties {
            readYourWritesTimeout = readYourWritesTimeout == null ? Duration.ofSeconds(5) : readYourWritesTimeout;
            rebuildBatchSize = rebuildBatchSize <= 0 ? 5000 : rebuildBatchSize;
        }
    }
}
