package io.portway.command;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The command service's boundaries: no other service's code, features independent of each other and of the web. */
@AnalyzeClasses(packages = "io.portway.command", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule noOtherService = noClasses().should().dependOnClassesThat()
            .resideInAnyPackage("io.portway.query..", "io.portway.delivery..", "io.portway.stack..");

    @ArchTest
    static final ArchRule portsDoNotKnowGroups = noClasses().that().resideInAPackage("..command.sendport..")
            .should().dependOnClassesThat().resideInAPackage("..command.group..");

    @ArchTest
    static final ArchRule groupsDoNotKnowPorts = noClasses().that().resideInAPackage("..command.group..")
            .should().dependOnClassesThat().resideInAPackage("..command.sendport..");

    @ArchTest
    static final ArchRule theSharedRulesKnowNoFeature = noClasses()
            .that().resideInAnyPackage("..command.artifact..", "..command.directory..")
            .should().dependOnClassesThat().resideInAnyPackage("..command.sendport..", "..command.group..",
                    "..command.publication..");

    @ArchTest
    static final ArchRule noJpa = noClasses().should().dependOnClassesThat().resideInAPackage("jakarta.persistence..");

    /** One JSON setup per service: Spring's mapper, or PortwayJackson/Problems outside it; no mapper of its own. */
    @ArchTest
    static final ArchRule noObjectMapperOfItsOwn = noClasses()
            .should().callConstructor(com.fasterxml.jackson.databind.ObjectMapper.class);
}
