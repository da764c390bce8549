package dev.netpolauditor.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import dev.netpolauditor.report.SnapshotArchive;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The report model is plain data that {@code report} builds from stored analyses and any
 * renderer can read: POI stays in {@code report.xlsx}, nothing in {@code report} knows the
 * commands, the service, the edges or the database, and what was stored reaches it through
 * its own port ({@code SnapshotArchive}), which only the service implements.
 */
class ReportBoundaryTest {
    private static final JavaClasses PRODUCTION = new ClassFileImporter().importPath(Path.of("target", "classes"));

    @Test
    void onlyTheSpreadsheetRendererKnowsPoi() {
        noClasses().that().resideInAPackage("dev.netpolauditor..")
                .and().resideOutsideOfPackage("dev.netpolauditor.report.xlsx..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.poi..", "org.openxmlformats..")
                .because("the report model and the other renderers must not need POI")
                .check(PRODUCTION);
    }

    @Test
    void theReportDoesNotKnowItsCallers() {
        noClasses().that().resideInAPackage("dev.netpolauditor.report..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.netpolauditor.cli..",
                        "dev.netpolauditor.service..", "dev.netpolauditor.snapshot..", "dev.netpolauditor.api..",
                        "dev.netpolauditor.store..", "dev.netpolauditor.mail..", "dev.netpolauditor.console..",
                        "dev.netpolauditor.schedule..", "io.micronaut..")
                .because("a report is built from plain values (what was stored, read through its own port,"
                        + " SnapshotArchive), never by querying the store while rendering")
                .check(PRODUCTION);
    }

    @Test
    void onlyTheServiceReadsTheStoreForReports() {
        classes().that().implement(SnapshotArchive.class)
                .should().resideInAPackage("dev.netpolauditor.service..")
                .because("reports of stored snapshots read what was stored through report's own port, and only the"
                        + " service, where the store and the reports meet, implements it over the store")
                .check(PRODUCTION);
    }
}
