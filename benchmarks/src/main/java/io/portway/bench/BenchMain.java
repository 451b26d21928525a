package io.portway.bench;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Runs the figures named on the command line, or all of them:
 * {@code ./mvnw -q -pl benchmarks exec:java -Dexec.args="routing_cost delivery_throughput"}.
 * Each figure is one class implementing {@link Figure}; register it with one line below.
 */
public final class BenchMain {

    static final List<Figure> FIGURES = List.of(
            new CommandThroughput(),
            new EventStoreScaling(),
            new ProjectionLag(),
            new RoutingLag(),
            new RebuildRate(),
            new RoutingCost(),
            new DeliveryThroughput(),
            new Recovery());

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        List<String> names = args.length == 0 ? FIGURES.stream().map(Figure::name).toList() : List.of(args);
        for (String name : names) {
            Figure figure = FIGURES.stream().filter(f -> f.name().equals(name)).findFirst().orElse(null);
            if (figure == null) {
                System.err.println("unknown figure " + name + "; known: "
                        + FIGURES.stream().map(Figure::name).collect(Collectors.joining(", ")));
                continue;
            }
            System.err.println("== " + name);
            figure.run();
        }
        System.exit(0);
    }
}
