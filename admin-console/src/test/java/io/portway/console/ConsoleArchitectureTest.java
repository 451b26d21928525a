package io.portway.console;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The console is a client of the public APIs: it never uses a service's code, its database or Kafka. */
class ConsoleArchitectureTest {

    private final JavaClasses console = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.portway.console");

    @Test
    void the_console_depends_on_no_service_package() {
        noClasses().that().resideInAPackage("io.portway.console..")
                .should().dependOnClassesThat().resideInAnyPackage("io.portway.command..", "io.portway.query..",
                        "io.portway.delivery..", "io.portway.support..")
                .check(console);
    }

    @Test
    void the_console_talks_to_no_database_and_no_broker() {
        noClasses().that().resideInAPackage("io.portway.console..")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..",
                        "org.springframework.jdbc..", "org.apache.kafka..", "org.springframework.kafka..")
                .check(console);
    }

    @Test
    void only_the_api_package_builds_http_clients() {
        noClasses().that().resideInAPackage("io.portway.console..")
                .and().resideOutsideOfPackage("io.portway.console.api..")
                .should().callMethod(org.springframework.web.client.RestClient.class, "builder")
                .check(console);
    }
}
