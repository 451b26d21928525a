package io.portway.query;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

@AnalyzeClasses(packages = "io.portway.query", importOptions = ImportOption.DoNotIncludeTests.class)
class QueryArchitectureTest {

    /** The query service learns about the other services only through the events. */
    @ArchTest
    static final ArchRule no_other_service = noClasses().should().dependOnClassesThat()
            .resideInAnyPackage("io.portway.command..", "io.portway.delivery..", "org.axonframework..");

    /** Features do not depend on each other in cycles. */
    @ArchTest
    static final ArchRule no_cycles = slices().matching("io.portway.query.(*)..").should().beFreeOfCycles();

    /** Only the projection writes read models; the query features never touch Kafka. */
    @ArchTest
    static final ArchRule queries_do_not_consume = noClasses()
            .that().resideInAnyPackage("io.portway.query.sendport..", "io.portway.query.group..",
                    "io.portway.query.audit..", "io.portway.query.history..")
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "org.springframework.kafka..");

    /** Controllers map HTTP to a reader and back: the SQL lives in the readers (…Views, AuditLog, History). */
    @ArchTest
    static final ArchRule controllers_build_no_sql = noClasses()
            .that().areAnnotatedWith(org.springframework.web.bind.annotation.RestController.class)
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework.jdbc..", "java.sql..");

    /** One port or group is read through ArtifactReads, so the read-your-writes wait (CatchUp) is in one place. */
    @ArchTest
    static final ArchRule features_wait_through_artifact_reads = noClasses()
            .that().resideInAnyPackage("io.portway.query.sendport..", "io.portway.query.group..")
            .should().dependOnClassesThat().haveFullyQualifiedName("io.portway.query.projection.CatchUp");

    /** One JSON setup per service: Spring's mapper, or PortwayJackson/Problems outside it; no mapper of its own. */
    @ArchTest
    static final ArchRule no_object_mapper_of_its_own = noClasses()
            .should().callConstructor(com.fasterxml.jackson.databind.ObjectMapper.class);
}
