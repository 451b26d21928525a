package io.portway.bench;

/** A benchmark figure of BENCH.md. */
interface Figure {

    /** The figure's name in BENCH.md and on its {@code BENCH} line: the class name in snake case. */
    default String name() {
        return getClass().getSimpleName().replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }

    /** Measures and reports (one or more {@link BenchResult}s). */
    void run() throws Exception;
}
