package dev.netpolauditor.report.xlsx;

import dev.netpolauditor.report.ReportTemplates;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import org.apache.poi.ooxml.POIXMLProperties;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * How every report workbook is written: document properties, then the sheets that must stay
 * in memory (the summary, and what a chart reads) on an XSSF workbook, then the long sheets
 * streamed through SXSSF, and the workbook closed whatever fails.
 */
final class ReportWorkbook {
    private ReportWorkbook() {}

    /** The sheets written in memory, with the styles and writer the streamed sheets share. */
    interface Head {
        void write(XSSFWorkbook workbook, Styles styles, SheetWriter writer);
    }

    /** The sheets whose rows are streamed. */
    interface Body {
        void write(SheetWriter writer);
    }

    /**
     * Created and modified are {@code generatedAt}, not the clock of the write, so the same
     * report renders to the same bytes.
     */
    static void write(OutputStream out, ReportTemplates templates, XlsxReport.Options options, String title,
            Instant generatedAt, String engineVersion, Head head, Body body) throws IOException {
        XSSFWorkbook xssf = new XSSFWorkbook();
        SXSSFWorkbook workbook;
        Styles styles;
        try {
            properties(xssf, generatedAt, engineVersion, title, templates);
            styles = new Styles(xssf, templates);
            head.write(xssf, styles, new SheetWriter(xssf, styles, templates, options.maxRowsPerSheet()));
            // from here on, new sheets stream their rows; the sheets above stay as they are
            workbook = new SXSSFWorkbook(xssf, XlsxReport.ROW_WINDOW);
        } catch (RuntimeException e) {
            xssf.close();
            throw e;
        }
        try {
            body.write(new SheetWriter(workbook, styles, templates, options.maxRowsPerSheet()));
            workbook.write(out);
        } finally {
            workbook.close();
        }
    }

    private static void properties(XSSFWorkbook workbook, Instant generatedAt, String engineVersion, String title,
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
