package io.portway.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Runs the figures named on the command line, or all of them:
 * {@code ./mvnw -q -pl benchmarks exec:java -Dexec.args="routing_cost delivery_throughput"}.
 * Each figure is one class implementing {@link Figure}, named by its class name in snake case ({@code RoutingCost}
 * is {@code routing_cost}); register it with one line below. The calibration
 * {@code pg_commit_rate} runs first whenever a throughput figure runs, so their lines carry their ratio to it. A
 * figure that fails prints a {@code BENCH} line with its error and the run goes on: benchmarks never fail the build.
 */
public final class BenchMain {

    static final List<Figure> FIGURES = List.of(
            new PgCommitRate(),
            new CommandThroughput(),
            new EventStoreScaling(),
            new PublicationRate(),
            new ProjectionLag(),
            new RoutingLag(),
            new RebuildRate(),
            new RoutingCost(),
            new ExplainCost(),
            new DeliveryThroughput(),
            new Recovery());

    private static final List<String> THROUGHPUTS = List.of("command_throughput", "event_store_scaling",
            "delivery_throughput", "rebuild_rate", "publication_rate");

    private BenchMain() {
    }

    public static void main(String[] args) {
        List<String> names = new ArrayList<>(args.length == 0 ? FIGURES.stream().map(Figure::name).toList()
                : List.of(args));
        if (!names.contains("pg_commit_rate") && names.stream().anyMatch(THROUGHPUTS::contains)) {
            names.add(0, "pg_commit_rate");
        }
        for (String name : names) {
            Figure figure = FIGURES.stream().filter(f -> f.name().equals(name)).findFirst().orElse(null);
            if (figure == null) {
                System.err.println("unknown figure " + name + "; known: "
                        + FIGURES.stream().map(Figure::name).collect(Collectors.joining(", ")));
                continue;
            }
            System.err.println("== " + name + " (load average " + Machine.loadAverage() + ")");
            try (HarnessDelay delay = HarnessDelay.start()) {
                BenchRun.harnessDelay(delay);
                figure.run();
            } catch (Throwable e) {
                e.printStackTrace();
                BenchResult.failed(name, e).report();
            } finally {
                BenchRun.harnessDelay(null);
            }
        }
        System.exit(0);
    }
}
