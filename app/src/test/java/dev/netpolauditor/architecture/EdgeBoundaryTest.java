package dev.netpolauditor.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The API and the console are thin edges: they call application services and speak in records
 * of their own or of those services, never in the store's rows (issue 13, point 4).
 */
class EdgeBoundaryTest {
    private static final JavaClasses PRODUCTION = new ClassFileImporter().importPath(Path.of("target", "classes"));

    @Test
    void theEdgesDoNotKnowTheStore() {
        noClasses().that().resideInAnyPackage("dev.netpolauditor.api..", "dev.netpolauditor.console..")
                .should().dependOnClassesThat().resideInAPackage("dev.netpolauditor.store..")
                .because("controllers and pages call one application service each and map its records to the"
                        + " API's JSON or HTML; rows stay behind the services")
                .check(PRODUCTION);
    }
}
