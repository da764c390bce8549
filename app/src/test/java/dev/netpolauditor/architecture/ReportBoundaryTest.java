package dev.netpolauditor.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The report model is plain data that the service can build from stored analyses and any
 * renderer can read: POI stays in {@code report.xlsx}, and nothing in {@code report} knows
 * the commands, the service or the database.
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
                        "dev.netpolauditor.store..", "io.micronaut..")
                .because("a report is rendered from plain values (stored analyses read back by the service),"
                        + " never by querying while rendering")
                .check(PRODUCTION);
    }
}
