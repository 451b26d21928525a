package io.portway.bench;

import io.portway.delivery.explain.Explainer;
import io.portway.delivery.routing.RoutingTable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * {@code explain_cost}: µs per explanation (routes, and the 20 closest near misses from one scan of every port and
 * group) among the 10,000 ports and 100 groups of {@link RoutingCost}'s table, with its messages; JMH sample time,
 * one forked JVM, 3 × 2 s warm-up, 5 × 2 s measured.
 */
public class ExplainCost implements Figure {

    @Override
    public String name() {
        return "explain_cost";
    }

    @Override
    public void run() throws Exception {
        RoutingCost.exposeClassPathToForks();
        Options options = new OptionsBuilder()
                .include(ExplainCost.class.getName() + ".explain")
                .mode(Mode.SampleTime)
                .timeUnit(TimeUnit.MICROSECONDS)
                .warmupIterations(3).warmupTime(TimeValue.seconds(2))
                .measurementIterations(5).measurementTime(TimeValue.seconds(2))
                .forks(Integer.parseInt(BenchEnvironment.env("PORTWAY_BENCH_JMH_FORKS", "1")))
                .threads(1)
                .shouldFailOnError(true)
                .build();
        RunResult result = new Runner(options).runSingle();
        var statistics = result.getPrimaryResult().getStatistics();
        new BenchResult(name(), statistics.getMean(), "µs/explanation")
                .with("p50_us", statistics.getPercentile(50))
                .with("p99_us", statistics.getPercentile(99))
                .with("n", statistics.getN())
                .with("ports", RoutingCost.PORTS).with("groups", 100).with("limit", 20)
                .with("harness", "JMH sample time, 1 fork, 5 x 2 s after 3 x 2 s warm-up")
                .with("threads", 1)
                .with("target_us", 5000).report();
    }

    /** One message explained: the figure's unit of work. */
    @Benchmark
    public void explain(Fixture fixture, Blackhole blackhole) {
        blackhole.consume(Explainer.explain(fixture.table, fixture.next(), 20));
    }

    /** The routing table and the messages of the figure, built once per fork. */
    @State(Scope.Benchmark)
    public static class Fixture {
        RoutingTable table;
        List<Map<String, String>> messages;
        int next;

        @Setup
        public void build() {
            table = RoutingCost.table(RoutingCost.PORTS);
            messages = RoutingCost.messages(10_000, new Random(7));
        }

        Map<String, String> next() {
            Map<String, String> message = messages.get(next);
            next = next + 1 == messages.size() ? 0 : next + 1;
            return message;
        }
    }
}
