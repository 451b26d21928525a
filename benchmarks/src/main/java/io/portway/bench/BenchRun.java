package io.portway.bench;

/**
 * What every figure of one benchmark run shares: the calibration ({@code pg_commit_rate}, measured first) that
 * throughput figures are divided by, and the harness-delay meter of the figure that is running.
 */
final class BenchRun {

    private static volatile Double pgCommitRate;
    private static volatile HarnessDelay harnessDelay;

    private BenchRun() {
    }

    static void pgCommitRate(double commitsPerSecond) {
        pgCommitRate = commitsPerSecond;
    }

    static Double pgCommitRate() {
        return pgCommitRate;
    }

    static void harnessDelay(HarnessDelay meter) {
        harnessDelay = meter;
    }

    static HarnessDelay harnessDelay() {
        return harnessDelay;
    }
}
