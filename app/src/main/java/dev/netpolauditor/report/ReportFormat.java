package dev.netpolauditor.report;

import dev.netpolauditor.report.xlsx.ChangeXlsxReport;
import dev.netpolauditor.report.xlsx.PeriodXlsxReport;
import dev.netpolauditor.report.xlsx.XlsxReport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The files a compliance, change or period report is written as: the one place that knows each
 * format's name, media type and writer, for the CLI, the API, the console and mail alike.
 */
public enum ReportFormat {
    XLSX(ReportFormat.XLSX_MEDIA_TYPE),
    CSV(ReportFormat.CSV_MEDIA_TYPE),
    JSON(ReportFormat.JSON_MEDIA_TYPE);

    /** The media types, as constants for the API's annotations. */
    public static final String XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public static final String CSV_MEDIA_TYPE = "text/csv; charset=utf-8";
    public static final String JSON_MEDIA_TYPE = "application/json";

    /** Every format's {@link #wireName()}, in the order help texts list them. */
    public static final List<String> NAMES = Arrays.stream(values()).map(ReportFormat::wireName).toList();

    private final String mediaType;

    ReportFormat(String mediaType) {
        this.mediaType = mediaType;
    }

    /** {@code xlsx}, {@code csv}, {@code json}: the name users type and the file extension. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String mediaType() {
        return mediaType;
    }

    /** The format named {@code name} ({@code xlsx}, {@code csv}, {@code json}), if it is one. */
    public static Optional<ReportFormat> named(String name) {
        return Arrays.stream(values()).filter(f -> f.wireName().equals(name)).findFirst();
    }

    /** The format of a stored report (its format column holds a {@link #wireName()}). */
    public static ReportFormat ofStored(String name) {
        return named(name).orElseThrow(() -> new IllegalArgumentException("no report format " + name));
    }

    /** Writes {@code report} in this format; {@code templates} serve the spreadsheet only. */
    public void write(ComplianceReport report, ReportTemplates templates, OutputStream out) throws IOException {
        switch (this) {
            case XLSX -> XlsxReport.write(report, templates, out);
            case CSV -> text(out, writer -> CsvReport.write(report, writer));
            case JSON -> text(out, writer -> JsonReport.write(report, writer));
        }
    }

    /** Writes the change report {@code report} in this format. */
    public void write(ChangeReport report, ReportTemplates templates, OutputStream out) throws IOException {
        switch (this) {
            case XLSX -> ChangeXlsxReport.write(report, templates, out);
            case CSV -> text(out, writer -> ChangeCsvReport.write(report, writer));
            case JSON -> text(out, writer -> ChangeJsonReport.write(report, writer));
        }
    }

    /** Writes the period report {@code report} in this format (CSV: its findings over the period). */
    public void write(PeriodReport report, ReportTemplates templates, OutputStream out) throws IOException {
        switch (this) {
            case XLSX -> PeriodXlsxReport.write(report, templates, out);
            case CSV -> text(out, writer -> PeriodCsvReport.write(report, writer));
            case JSON -> text(out, writer -> PeriodJsonReport.write(report, writer));
        }
    }

    /** The period report {@code report} in this format, as bytes. */
    public byte[] render(PeriodReport report, ReportTemplates templates) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            write(report, templates, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** {@code report} in this format, as bytes. */
    public byte[] render(ComplianceReport report, ReportTemplates templates) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            write(report, templates, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array never fails to take bytes
        }
        return out.toByteArray();
    }

    /** The change report {@code report} in this format, as bytes. */
    public byte[] render(ChangeReport report, ReportTemplates templates) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            write(report, templates, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private interface TextWriting {
        void to(Writer writer) throws IOException;
    }

    /** UTF-8 text onto {@code out}, flushed but not closed (the caller owns the stream). */
    private static void text(OutputStream out, TextWriting writing) throws IOException {
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        writing.to(writer);
        writer.flush();
    }
}
