package io.portway.delivery.instance;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * Retention of the message box ({@code portway.delivery.retention*}, see {@link MessageBoxRetention}).
 *
 * @param retention         how long a finished instance (and a routing-failure report) is kept after it ended;
 *                          {@code 0} keeps everything
 * @param retentionInterval how long the purge waits between runs; {@code 0} never purges
 * @param retentionBatch    at most this many instances (and as many routing-failure reports) per purge transaction
 */
@ConfigurationProperties("portway.delivery")
record RetentionProperties(Duration retention, Duration retentionInterval, Integer retentionBatch) {

    RetentionProperties {
        retention = retention == null ? Duration.ofDays(7) : retention;
        retentionInterval = retentionInterval == null ? Duration.ofMinutes(1) : retentionInterval;
        retentionBatch = retentionBatch == null ? 500 : retentionBatch;
        if (retention.isNegative() || retentionInterval.isNegative()) {
            throw new IllegalArgumentException("portway.delivery.retention and retention-interval must not be negative");
        }
        if (retentionBatch < 1 || retentionBatch > 10_000) {
            throw new IllegalArgumentException("portway.delivery.retention-batch must be between 1 and 10000");
        }
    }

    /** False when either duration is 0: nothing is ever purged. */
    boolean purges() {
        return !retention.isZero() && !retentionInterval.isZero();
    }
}
