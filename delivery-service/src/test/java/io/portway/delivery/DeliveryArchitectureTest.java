package io.portway.delivery;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

@AnalyzeClasses(packages = "io.portway.delivery", importOptions = ImportOption.DoNotIncludeTests.class)
class DeliveryArchitectureTest {

    @ArchTest
    static final ArchRule never_depends_on_other_services = noClasses()
            .should().dependOnClassesThat().resideInAnyPackage("io.portway.command..", "io.portway.query..",
                    "org.axonframework..");

    @ArchTest
    static final ArchRule feature_packages_have_no_cycles = slices()
            .matching("io.portway.delivery.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule routing_knows_nothing_of_delivery = noClasses()
            .that().resideInAPackage("io.portway.delivery.routing..")
            .should().dependOnClassesThat().resideInAnyPackage("io.portway.delivery.instance..",
                    "io.portway.delivery.message..", "io.portway.delivery.transport..");

    @ArchTest
    static final ArchRule transports_know_nothing_of_the_message_box = noClasses()
            .that().resideInAPackage("io.portway.delivery.transport..")
            .should().dependOnClassesThat().resideInAnyPackage("io.portway.delivery.instance..",
                    "io.portway.delivery.message..", "io.portway.delivery.routing..");

    /**
     * The service-instance table and its state machine have one owner (docs/SERVICE-INSTANCES.md): its writers
     * (ServiceInstanceTableOwnershipTest names them) serve the instance package only.
     */
    @ArchTest
    static final ArchRule only_the_instance_package_touches_the_instance_writers = classes()
            .that().haveSimpleName("ServiceInstanceRepository").or().haveSimpleName("WorkQueueRepository")
            .or().haveSimpleName("RetentionRepository")
            .should().onlyBeAccessed().byClassesThat().resideInAPackage("io.portway.delivery.instance");

    /** Controllers map HTTP to a reader, the intake or a command and back; SQL lives in the readers. */
    @ArchTest
    static final ArchRule controllers_hold_no_sql = noClasses()
            .that().areAnnotatedWith(org.springframework.web.bind.annotation.RestController.class)
            .should().dependOnClassesThat().areAssignableTo(org.springframework.jdbc.core.JdbcTemplate.class);

    /** One JSON setup per service: Spring's mapper, or PortwayJackson/Problems outside it; no mapper of its own. */
    @ArchTest
    static final ArchRule no_object_mapper_of_its_own = noClasses()
            .should().callConstructor(com.fasterxml.jackson.databind.ObjectMapper.class);
}
