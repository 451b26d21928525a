package io.portway.bench;

import io.portway.delivery.explain.Explainer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@code explain_cost}: µs per explanation (routes, and the 20 closest near misses from one scan of every port and
 * group) among the 10,000 ports and 100 groups of {@link RoutingCost}'s table, with its messages ({@link
 * RoutingCost.Fixture}); measured as {@link Jmh} says.
 */
public class ExplainCost implements Figure {

    @Override
    public void run() throws Exception {
        Jmh.sampleTime(name(), "µs/explanation", ExplainCost.class, "explain")
                .with("ports", RoutingCost.PORTS).with("groups", 100).with("limit", 20)
                .with("target_us", 5000).report();
    }

    /** One message explained: the figure's unit of work. */
    @Benchmark
    public void explain(RoutingCost.Fixture fixture, Blackhole blackhole) {
        blackhole.consume(Explainer.explain(fixture.table, fixture.next(), 20));
    }
}
