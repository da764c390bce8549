package dev.netpolauditor.report.xlsx;

import dev.netpolauditor.report.ReportTemplates;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import org.apache.poi.ooxml.POIXMLProperties;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * The document properties of a report workbook. Created and modified are the generation
 * time, not the clock of the write, so the same report renders to the same bytes.
 */
final class WorkbookProperties {
    private WorkbookProperties() {}

    static void set(XSSFWorkbook workbook, Instant generatedAt, String engineVersion, String title,
            ReportTemplates templates) {
        POIXMLProperties.CoreProperties core = workbook.getProperties().getCoreProperties();
        Date at = Date.from(generatedAt);
        core.setCreated(Optional.of(at));
        core.setModified(Optional.of(at));
        core.setCreator("netpol-auditor " + engineVersion);
        core.setTitle(title);
        String organisation = templates.text("branding.organisation");
        if (!organisation.isEmpty()) {
            workbook.getProperties().getExtendedProperties().setCompany(organisation);
        }
    }
}
