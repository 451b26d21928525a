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
 * {@code BENCH {json}} and merges the figure into {@code target/bench/results.json}.
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

    /** Prints the line and merges the figure into the results file. */
    void report() {
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
