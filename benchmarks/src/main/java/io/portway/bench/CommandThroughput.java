package io.portway.bench;

import io.portway.stack.Service;

import java.time.Duration;
import java.util.List;

/**
 * {@code command_throughput}: commands/s through the command service's REST API over 1,000 ports (create,
 * configure, enlist, start, stop, unenlist), p50/p99 latency; warmed up first. Target ≥ 1,000/s, p99 ≤ 50 ms.
 */
final class CommandThroughput implements Figure {

    static final int PORTS = 1_000;
    static final Duration WARM_UP = BenchEnvironment.seconds("PORTWAY_BENCH_WARMUP_SECONDS", 10);
    static final Duration RUN = BenchEnvironment.seconds("PORTWAY_BENCH_SECONDS", 30);

    @Override
    public void run() throws Exception {
        try (BenchEnvironment environment = BenchEnvironment.start(List.of(Service.PORT_COMMAND))) {
            CommandLoad.report(name(), measure(environment.command(), "bench-")).report();
        }
    }

    /** Creates 1,000 ports, warms up, then measures for the run length. */
    static CommandLoad.Result measure(java.net.URI command, String prefix) throws Exception {
        CommandLoad load = new CommandLoad(command, prefix, PORTS);
        load.createPorts();
        load.run(WARM_UP);
        System.err.println("measuring " + RUN.toSeconds() + " s with " + CommandLoad.USERS + " virtual users");
        return load.run(RUN);
    }
}
