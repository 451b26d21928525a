package io.portway.delivery.instance;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SQL is text, so ArchUnit cannot see who writes the service-instance table: this test reads the sources. Only the
 * repository (every change) and the API's reader mention the table.
 */
class ServiceInstanceTableOwnershipTest {

    @Test
    void only_the_repository_and_the_reader_mention_the_service_instance_table() throws IOException {
        Path main = Path.of("src/main/java");
        List<String> mentioning;
        try (Stream<Path> files = Files.walk(main)) {
            mentioning = files.filter(file -> file.toString().endsWith(".java"))
                    .filter(file -> read(file).contains("service_instance"))
                    .map(file -> file.getFileName().toString())
                    .sorted().toList();
        }
        assertThat(mentioning).containsExactly("InstanceQueries.java", "ServiceInstanceRepository.java");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
