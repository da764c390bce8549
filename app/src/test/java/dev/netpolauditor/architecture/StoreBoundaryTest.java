package dev.netpolauditor.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** jOOQ, and the classes generated from the schema, stay inside the store package. */
class StoreBoundaryTest {
    /** The compiled main classes only (scanning the classpath for the package takes seconds). */
    private static final JavaClasses PRODUCTION = new ClassFileImporter()
            .importPath(Path.of("target", "classes"));

    @Test
    void onlyTheStoreKnowsJooq() {
        noClasses().that().resideInAPackage("dev.netpolauditor..")
                .and().resideOutsideOfPackage("dev.netpolauditor.store..")
                .should().dependOnClassesThat().resideInAnyPackage("org.jooq..", "dev.netpolauditor.store.jooq..")
                .because("callers see SnapshotStore and plain records; the schema's Java twin is generated and private")
                .check(PRODUCTION);
    }

    @Test
    void theStoreOnlyMapsRows() {
        noClasses().that().resideInAPackage("dev.netpolauditor.store..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.netpolauditor.engine..",
                        "dev.netpolauditor.snapshot..", "dev.netpolauditor.service..", "dev.netpolauditor.report..",
                        "dev.netpolauditor.api..", "dev.netpolauditor.console..")
                .because("the snapshot path runs collect -> analyse -> store in one direction: the store maps"
                        + " the analysis result to rows and back and calls nothing above it")
                .check(PRODUCTION);
    }
}
