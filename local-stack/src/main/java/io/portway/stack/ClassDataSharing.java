package io.portway.stack;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Class Data Sharing for the services of the run command (Spring Boot's "Class Data Sharing"; the recovery figure of
 * BENCH.md measured a restart under load at 68 s from the exec jar and 29 s with it). Each service's exec jar is
 * extracted once per build ({@code -Djarmode=tools extract}) under {@code <data dir>/cds}, since the JVM archives
 * only classes of plain jars on the class path. The first run of that build records the archive when the service
 * stops normally ({@code -XX:ArchiveClassesAtExit}, written to a temporary name and kept only if the process ended
 * by itself, so a service killed mid-write leaves nothing half-written); every later start maps it
 * ({@code -XX:SharedArchiveFile}). A missing or unusable archive only costs start-up time: the JVM then loads the
 * classes as usual. Any failure here falls back to {@code -jar <exec jar>}.
 */
final class ClassDataSharing {

    private static final Logger log = LoggerFactory.getLogger(ClassDataSharing.class);

    private final Path directory;

    ClassDataSharing(Path directory) {
        this.directory = directory;
    }

    /** How a service is launched: {@code -jar} and the jar, preceded by the archive's option when there is one. */
    Launch launch(Service service, Path execJar, boolean mayRecord) {
        try {
            Path build = directory.resolve(service.name() + "-" + Files.size(execJar) + "-"
                    + Files.getLastModifiedTime(execJar).toMillis());
            Path extracted = build.resolve("application").resolve(execJar.getFileName());
            if (!Files.isRegularFile(extracted)) {
                extract(execJar, build.resolve("application"));
            }
            Path archive = build.resolve(service.name() + ".jsa");
            if (Files.isRegularFile(archive)) {
                return new Launch(List.of("-XX:SharedArchiveFile=" + archive, "-jar", extracted.toString()), null,
                        null);
            }
            if (mayRecord) {
                Path recording = build.resolve(service.name() + ".jsa.recording");
                Files.deleteIfExists(recording);
                return new Launch(List.of("-XX:ArchiveClassesAtExit=" + recording, "-jar", extracted.toString()),
                        recording, archive);
            }
            return new Launch(List.of("-jar", extracted.toString()), null, null);
        } catch (IOException | RuntimeException e) {
            log.warn("{} starts without Class Data Sharing: {}", service.name(), e.toString());
            return new Launch(List.of("-jar", execJar.toString()), null, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Launch(List.of("-jar", execJar.toString()), null, null);
        }
    }

    private static void extract(Path execJar, Path destination) throws IOException, InterruptedException {
        Path partial = destination.resolveSibling("application.partial");
        deleteRecursively(partial);
        Process extraction = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djarmode=tools", "-jar", execJar.toString(), "extract", "--destination", partial.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!extraction.waitFor(120, TimeUnit.SECONDS) || extraction.exitValue() != 0) {
            extraction.destroyForcibly();
            throw new IOException("extracting " + execJar + " failed");
        }
        deleteRecursively(destination);
        Files.move(partial, destination, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (var paths = Files.walk(path)) {
            for (Path each : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(each);
            }
        }
    }

    /**
     * The JVM options and jar of one launch; {@code recording} is where the archive is written at exit, kept as
     * {@code archive} by {@link #stopped} only if the process ended by itself.
     */
    record Launch(List<String> arguments, Path recording, Path archive) {

        List<String> command(List<String> prefix) {
            List<String> command = new ArrayList<>(prefix);
            command.addAll(arguments);
            return command;
        }

        void stopped(boolean endedByItself) {
            if (recording == null) {
                return;
            }
            try {
                if (endedByItself && Files.isRegularFile(recording) && Files.size(recording) > 0) {
                    Files.move(recording, archive, StandardCopyOption.ATOMIC_MOVE);
                    log.info("Class Data Sharing archive recorded: {}", archive);
                } else {
                    Files.deleteIfExists(recording);
                }
            } catch (IOException e) {
                log.warn("Class Data Sharing archive {} not kept: {}", recording, e.toString());
            }
        }
    }
}
