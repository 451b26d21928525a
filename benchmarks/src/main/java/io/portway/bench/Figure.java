package io.portway.bench;

/** A benchmark figure of BENCH.md. */
interface Figure {

    String name();

    /** Measures and reports (one or more {@link BenchResult}s). */
    void run() throws Exception;
}
