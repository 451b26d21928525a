package io.portway.command.application;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * Applications sit on top of ports and groups, and the bindings import on top of applications: they send the
 * aggregates' own commands and read the directory, and nothing below them knows they exist. No SQL of their own, and
 * no way around the aggregates to the event store.
 */
@AnalyzeClasses(packages = "io.portway.command", importOptions = ImportOption.DoNotIncludeTests.class)
class ApplicationArchitectureTest {

    @ArchTest
    static final ArchRule nothingBelowKnowsApplications = noClasses()
            .that().resideInAnyPackage("..command.sendport..", "..command.group..", "..command.artifact..",
                    "..command.directory..", "..command.publication..", "..command.config..")
            .should().dependOnClassesThat().resideInAPackage("..command.application..");

    @ArchTest
    static final ArchRule nothingBelowKnowsBindings = noClasses()
            .that().resideInAnyPackage("..command.sendport..", "..command.group..", "..command.artifact..",
                    "..command.directory..", "..command.publication..", "..command.config..",
                    "..command.application..")
            .should().dependOnClassesThat().resideInAPackage("..command.bindings..");

    @ArchTest
    static final ArchRule applicationsChangeArtifactsOnlyThroughCommands = noClasses()
            .that().resideInAnyPackage("..command.application..", "..command.bindings..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework.jdbc..",
                    "org.axonframework.eventsourcing..", "org.axonframework.eventhandling..",
                    "io.portway.command.publication..");
}
