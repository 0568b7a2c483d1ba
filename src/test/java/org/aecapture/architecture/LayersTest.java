package org.aecapture.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layers, as the code must keep them: screens talk to services and read plain records; services use the store;
 * the store uses the plain packages; the plain packages (rules, formats, computation) know no screen, no database and
 * no use case, and none of them imports one that imports it back. {@code app} is the entry point and wires everything.
 */
class LayersTest {

    /** Plain Java: no JavaFX, no JDBC, nothing of the layers above. */
    static final String[] PLAIN = {"org.aecapture.domain..", "org.aecapture.ctcae..", "org.aecapture.study..", "org.aecapture.report..",
        "org.aecapture.review..", "org.aecapture.sae..", "org.aecapture.sdtm..", "org.aecapture.lab..", "org.aecapture.security..",
        "org.aecapture.location..", "org.aecapture.checks.."};

    private static JavaClasses classes;

    @BeforeAll
    static void importTheMainClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("org.aecapture");
    }

    @Test
    void screensNeverReachPastTheServicesIntoTheStore() {
        noClasses().that().resideInAPackage("org.aecapture.ui..").should().dependOnClassesThat().resideInAPackage("org.aecapture.store..")
                .because("screens talk to services and read plain records").check(classes);
    }

    @Test
    void servicesAndTheStoreKnowNoScreenAndNoEntryPoint() {
        noClasses().that().resideInAnyPackage("org.aecapture.service..", "org.aecapture.store..")
                .should().dependOnClassesThat().resideInAnyPackage("org.aecapture.ui..", "org.aecapture.app..", "javafx..").check(classes);
        noClasses().that().resideInAPackage("org.aecapture.store..").should().dependOnClassesThat().resideInAPackage("org.aecapture.service..")
                .check(classes);
    }

    @Test
    void thePlainPackagesKnowNoScreenNoDatabaseAndNoUseCase() {
        ArchRule rule = noClasses().that().resideInAnyPackage(PLAIN).should().dependOnClassesThat().resideInAnyPackage("javafx..", "java.sql..",
                "org.aecapture.store..", "org.aecapture.service..", "org.aecapture.ui..", "org.aecapture.app..", "org.aecapture.bench..");
        rule.check(classes);
    }

    @Test
    void noPlainPackageImportsOneThatImportsItBack() {
        slices().matching("org.aecapture.(*)..").namingSlices("$1").should().beFreeOfCycles().check(classes);
    }

    /** A form's model (the draft, its rules, what follows from it) holds properties, never a control: it is tested without a screen. */
    @Test
    void formModelsHoldNoControl() {
        noClasses().that().resideInAPackage("org.aecapture.ui..").and().haveSimpleNameEndingWith("Model")
                .or().haveSimpleNameEndingWith("Entry").and().resideInAPackage("org.aecapture.ui..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx.scene..", "org.controlsfx..").check(classes);
    }

    @Test
    void theEntryPointIsImportedByNothing() {
        noClasses().that().resideOutsideOfPackage("org.aecapture.app..").should().dependOnClassesThat().resideInAPackage("org.aecapture.app..")
                .check(classes);
    }
}
