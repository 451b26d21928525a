package io.portway.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One figure of BENCH.md: {@code new BenchResult(figure, value, unit).with("p99_ms", …).report()} prints
 * {@code BENCH {json}} and merges the figure into {@code target/bench/results.json}. Every line also carries the
 * machine's load average and cores, the harness's own delay while the figure ran ({@link HarnessDelay}), a note
 * when that delay exceeds 10% of the figure's p99, and, for a throughput (unit "…/s"), its ratio to this run's
 * {@code pg_commit_rate}.
 */
final class BenchResult {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final Path RESULTS = Path.of("target", "bench", "results.json");

    private final Map<String, Object> fields = new LinkedHashMap<>();

    BenchResult(String figure, double value, String unit) {
        fields.put("figure", figure);
        fields.put("value", round(value));
        fields.put("unit", unit);
    }

    BenchResult with(String key, Object value) {
        fields.put(key, value instanceof Double number ? round(number) : value);
        return this;
    }

    String figure() {
        return (String) fields.get("figure");
    }

    String json() {
        try {
            return JSON.writeValueAsString(fields);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A figure that could not be measured: one line saying why, so the run goes on to the next figure. */
    static BenchResult failed(String figure, Throwable cause) {
        BenchResult result = new BenchResult(figure, 0, "none");
        result.fields.remove("value");
        result.fields.put("error", cause.getClass().getSimpleName() + ": " + cause.getMessage());
        return result;
    }

    /** Prints the line and merges the figure into the results file. */
    void report() {
        describeRun();
        System.out.println("BENCH " + json());
        try {
            Files.createDirectories(RESULTS.getParent());
            ObjectNode all = Files.exists(RESULTS) ? (ObjectNode) JSON.readTree(RESULTS.toFile())
                    : JSON.createObjectNode();
            all.set(figure(), JSON.readTree(json()));
            JSON.writerWithDefaultPrettyPrinter().writeValue(RESULTS.toFile(), all);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void describeRun() {
        Object unit = fields.get("unit");
        Double calibration = BenchRun.pgCommitRate();
        if (calibration != null && calibration > 0 && unit instanceof String u && u.endsWith("/s")
                && !"pg_commit_rate".equals(figure()) && fields.get("value") instanceof Double value) {
            fields.putIfAbsent("ratio_to_pg_commit_rate", Math.round(value / calibration * 1000.0) / 1000.0);
            fields.putIfAbsent("pg_commit_rate", calibration);
        }
        HarnessDelay delay = BenchRun.harnessDelay();
        if (delay != null) {
            fields.putIfAbsent("harness_delay_p99_ms", round(delay.p99Ms()));
            fields.putIfAbsent("harness_delay_max_ms", round(delay.maxMs()));
        }
        if (fields.get("harness_delay_p99_ms") instanceof Double harness && fields.get("p99_ms") instanceof Double p99
                && p99 > 0 && harness > 0.1 * p99) {
            fields.putIfAbsent("harness_note", "harness delay exceeds 10% of p99: the p99 includes the load"
                    + " generator's own scheduling delay");
        }
        fields.putIfAbsent("load_average", Machine.loadAverage());
        fields.putIfAbsent("cores", Machine.cores());
    }

    /** The p-th percentile (nearest rank) of the values; 0 when there are none. */
    static double percentile(double[] values, double p) {
        if (values.length == 0) {
            return 0;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static double round(double value) {
        return Math.round(value * 100.0) / 100.0;
    }
}
