package io.portway.delivery.instance;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SQL is text, so ArchUnit cannot see who writes the service-instance table: this test reads the sources. The
 * writers are the repositories of the instance package (admission, release and operator actions; the workers' claims
 * and outcomes; the purge); the readers are the API's and the statistics'.
 */
class ServiceInstanceTableOwnershipTest {

    private static final Pattern WRITES = Pattern.compile(
            "(insert into|update|delete from) delivery\\.service_instance\\b");

    @Test
    void only_the_instance_repositories_write_the_service_instance_table() throws IOException {
        assertThat(sources(source -> WRITES.matcher(source).find())).containsExactly(
                "RetentionRepository.java", "ServiceInstanceRepository.java", "WorkQueueRepository.java");
    }

    @Test
    void only_the_writers_and_the_readers_mention_the_service_instance_table() throws IOException {
        assertThat(sources(source -> source.contains("service_instance"))).containsExactly(
                "InstanceQueries.java", "InstanceStatistics.java", "RetentionRepository.java",
                "ServiceInstanceRepository.java", "WorkQueueRepository.java");
    }

    private static List<String> sources(Predicate<String> matching) throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            return files.filter(file -> file.toString().endsWith(".java"))
                    .filter(file -> matching.test(read(file)))
                    .map(file -> file.getFileName().toString())
                    .sorted().toList();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
