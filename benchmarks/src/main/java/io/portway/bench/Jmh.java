package io.portway.bench;

import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.util.Statistics;

import java.net.URLClassLoader;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * How the JMH figures ({@link RoutingCost}, {@link ExplainCost}) measure: sample time in µs, one thread,
 * {@code PORTWAY_BENCH_JMH_FORKS} forked JVMs (default 1), 3 × 2 s warm-up, 5 × 2 s measured.
 */
final class Jmh {

    private static final int FORKS = BenchEnvironment.integer("PORTWAY_BENCH_JMH_FORKS", 1);

    private Jmh() {
    }

    /**
     * Runs the {@code @Benchmark} method {@code method} of {@code benchmark} and returns the figure's line: the mean
     * in {@code unit}, with p50/p99 in µs, the number of samples and how they were taken.
     */
    static BenchResult sampleTime(String figure, String unit, Class<?> benchmark, String method) throws Exception {
        exposeClassPathToForks();
        Options options = new OptionsBuilder()
                .include(benchmark.getName() + "." + method)
                .mode(Mode.SampleTime)
                .timeUnit(TimeUnit.MICROSECONDS)
                .warmupIterations(3).warmupTime(TimeValue.seconds(2))
                .measurementIterations(5).measurementTime(TimeValue.seconds(2))
                .forks(FORKS)
                .threads(1)
                .shouldFailOnError(true)
                .build();
        Statistics statistics = new Runner(options).runSingle().getPrimaryResult().getStatistics();
        return new BenchResult(figure, statistics.getMean(), unit)
                .with("p50_us", statistics.getPercentile(50))
                .with("p99_us", statistics.getPercentile(99))
                .with("n", statistics.getN())
                .with("harness", "JMH sample time, " + FORKS + (FORKS == 1 ? " fork" : " forks")
                        + ", 5 x 2 s after 3 x 2 s warm-up")
                .with("threads", 1);
    }

    /**
     * JMH forks a JVM with {@code java.class.path}; under {@code exec:java} that is Maven's launcher, so hand it the
     * class path the figures were loaded from.
     */
    private static void exposeClassPathToForks() {
        if (Jmh.class.getClassLoader() instanceof URLClassLoader loader) {
            String classPath = Arrays.stream(loader.getURLs()).map(url -> {
                try {
                    return java.nio.file.Path.of(url.toURI()).toString();
                } catch (java.net.URISyntaxException e) {
                    throw new IllegalStateException(e);
                }
            }).collect(Collectors.joining(java.io.File.pathSeparator));
            if (!classPath.isEmpty()) {
                System.setProperty("java.class.path", classPath);
            }
        }
    }
}
