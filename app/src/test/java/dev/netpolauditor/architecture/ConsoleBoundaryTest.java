package dev.netpolauditor.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The web console is a thin edge like the API: it reads through the services and stores the
 * API uses and renders; nothing depends on it, and it does not reach into the commands, the
 * schedules, the cluster collector or the API's controllers.
 */
class ConsoleBoundaryTest {
    private static final JavaClasses PRODUCTION = new ClassFileImporter().importPath(Path.of("target", "classes"));

    @Test
    void nothingDependsOnTheConsole() {
        noClasses().that().resideInAPackage("dev.netpolauditor..")
                .and().resideOutsideOfPackage("dev.netpolauditor.console..")
                .should().dependOnClassesThat().resideInAPackage("dev.netpolauditor.console..")
                .check(PRODUCTION);
    }

    @Test
    void theConsoleUsesTheServicesNotOtherEdges() {
        noClasses().that().resideInAPackage("dev.netpolauditor.console..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.netpolauditor.cli..",
                        "dev.netpolauditor.schedule..", "dev.netpolauditor.snapshot..", "dev.netpolauditor.api..")
                .because("pages read what the API reads, through the same services; the read-side cache"
                        + " (service.SnapshotReads) is shared so that a page and the API compile a snapshot once")
                .check(PRODUCTION);
    }
}
