package io.portway.query.projection;

import io.portway.support.PortwayException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Read-your-writes: a read carrying {@code minVersion} waits until the read model shows at least that version of
 * the artifact, woken by the live consumer after each committed batch (and re-checking every 50 ms, which also
 * covers batches applied by another instance), then answers 504 {@code NOT_CAUGHT_UP}. A batch committed between a
 * check and the wait is not missed: the reader notes the count of committed batches before it checks, and waits
 * only while that count is unchanged.
 */
@Component
public class CatchUp {

    private static final Duration RECHECK = Duration.ofMillis(50);

    private final Object monitor = new Object();
    private final Duration timeout;
    private final long recheckMillis;
    private final Runnable beforeWait;
    private long batches;

    @Autowired
    CatchUp(QueryProperties properties) {
        this(properties.readYourWritesTimeout(), RECHECK, () -> { });
    }

    /** {@code beforeWait} runs after a check found the version missing and before the wait (tests). */
    CatchUp(Duration timeout, Duration recheck, Runnable beforeWait) {
        this.timeout = timeout;
        this.recheckMillis = Math.max(1, recheck.toMillis());
        this.beforeWait = beforeWait;
    }

    /** A batch is committed: wakes the waiting reads. */
    void signal() {
        synchronized (monitor) {
            batches++;
            monitor.notifyAll();
        }
    }

    /** Returns once {@code currentVersion} reaches {@code minVersion}; 0 from the supplier means "not there yet". */
    public void await(String artifact, Long minVersion, LongSupplier currentVersion) {
        if (minVersion == null || minVersion <= 0) {
            return;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long seen;
            synchronized (monitor) {
                seen = batches;
            }
            long version = currentVersion.getAsLong();
            if (version >= minVersion) {
                return;
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw new PortwayException(HttpStatus.GATEWAY_TIMEOUT, "NOT_CAUGHT_UP",
                        "the read model of '" + artifact + "' is at version " + version + ", not yet at "
                                + minVersion + ", after waiting " + timeout.toMillis() + " ms; retry later");
            }
            beforeWait.run();
            synchronized (monitor) {
                if (batches == seen) {
                    try {
                        monitor.wait(Math.max(1, Math.min(recheckMillis, remaining / 1_000_000)));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new PortwayException(HttpStatus.SERVICE_UNAVAILABLE, "INTERRUPTED", "shutting down");
                    }
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
