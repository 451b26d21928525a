package io.portway.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Spring Boot's "Class Data Sharing" for the delivery service of {@link DeliveryHarness}: the exec jar extracted
 * ({@code -Djarmode=tools extract}), and a training run ({@code -XX:ArchiveClassesAtExit},
 * {@code -Dspring.context.exit=onRefresh}: every singleton made, Flyway run, the lifecycle never started) that leaves
 * the archive every later start maps instead of loading and verifying those classes again; {@code seconds} the
 * extraction and the training took (0 when reused).
 */
record ClassDataSharing(Path extractedJar, Path archive, double seconds) {

    /**
     * Extracts {@code jar} and trains the archive with the service's {@code arguments} (its PostgreSQL and Kafka),
     * both kept next to the jar's build and reused while the jar is unchanged.
     */
    static ClassDataSharing train(Path jar, List<String> jvmOptions, List<String> arguments) throws Exception {
        long started = System.nanoTime();
        Path directory = BenchEnvironment.repositoryRoot().resolve("benchmarks/target/bench/cds-" + Files.size(jar)
                + "-" + Files.getLastModifiedTime(jar).toMillis());
        Path extracted = directory.resolve("application").resolve(jar.getFileName());
        Path jsa = directory.resolve("delivery-service.jsa");
        boolean reused = Files.exists(jsa);
        if (!reused) {
            Files.createDirectories(directory);
            run(List.of(DeliveryHarness.java(), "-Djarmode=tools", "-jar", jar.toString(), "extract",
                    "--destination", directory.resolve("application").toString()), directory.resolve("extract.log"));
            List<String> training = new ArrayList<>(List.of(DeliveryHarness.java()));
            training.addAll(jvmOptions);
            training.addAll(List.of("-XX:ArchiveClassesAtExit=" + jsa, "-Dspring.context.exit=onRefresh",
                    "-jar", extracted.toString()));
            training.addAll(arguments);
            run(training, directory.resolve("training.log"));
            if (!Files.exists(jsa)) {
                throw new IllegalStateException("the training run left no CDS archive; see "
                        + directory.resolve("training.log"));
            }
        }
        return new ClassDataSharing(extracted, jsa, reused ? 0 : (System.nanoTime() - started) / 1e9);
    }

    private static void run(List<String> command, Path output) throws Exception {
        Process run = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        if (!run.waitFor(300, TimeUnit.SECONDS)) {
            run.destroyForcibly();
            throw new IllegalStateException("did not finish within 300 s: " + command + "; see " + output);
        }
    }
}
