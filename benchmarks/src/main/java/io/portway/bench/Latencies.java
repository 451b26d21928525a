package io.portway.bench;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.util.concurrent.TimeUnit;

/**
 * Latencies of one figure in an HdrHistogram (1 µs to 10 min, 3 significant digits): safe to record from many
 * load-generator threads, and its percentiles neither keep every sample nor drop the tail.
 */
final class Latencies {

    private final Histogram histogram = new ConcurrentHistogram(TimeUnit.MINUTES.toMicros(10), 3);

    void recordNanos(long nanos) {
        histogram.recordValue(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMicros(nanos),
                histogram.getHighestTrackableValue())));
    }

    void recordMillis(double millis) {
        recordNanos((long) (millis * 1_000_000));
    }

    long count() {
        return histogram.getTotalCount();
    }

    double percentileMs(double percentile) {
        return count() == 0 ? 0 : histogram.getValueAtPercentile(percentile) / 1000.0;
    }

    double maxMs() {
        return count() == 0 ? 0 : histogram.getMaxValue() / 1000.0;
    }

    /** Adds p50, p99 and max to a result. */
    BenchResult addTo(BenchResult result, String prefix) {
        return result.with(prefix + "p50_ms", percentileMs(50))
                .with(prefix + "p99_ms", percentileMs(99))
                .with(prefix + "max_ms", maxMs());
    }
}
