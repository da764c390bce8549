package dev.netpolauditor.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import dev.netpolauditor.analysis.FindingSubject;
import dev.netpolauditor.analysis.Severity;
import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.time.LocalDate;

/**
 * The whole {@link ComplianceReport} as one JSON document: the records' fields in
 * declaration order with camelCase names (the names of the API and of the change report's JSON), times as ISO-8601 ({@code 2026-01-31T08:00:00Z},
 * dates {@code 2026-01-31}), severities in lower case, null fields written as null,
 * indented, ending with a newline.
 */
public final class JsonReport {
    private JsonReport() {}

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET) // the caller's writer stays open for the newline
            .addModule(new SimpleModule("report-values")
                    .addSerializer(Instant.class, ToStringSerializer.instance)
                    .addSerializer(LocalDate.class, ToStringSerializer.instance)
                    .addSerializer(Severity.class, new SeveritySerializer())
                    .addSerializer(FindingSubject.class, new SubjectSerializer()))
            .build();

    public static void write(ComplianceReport report, Writer out) throws IOException {
        writeValue(report, out);
    }

    /**
     * Any report record in this form (the period report's too), streamed to {@code out}: the
     * whole report as one string first would hold hundreds of MB at the largest clusters.
     */
    static void writeValue(Object report, Writer out) throws IOException {
        MAPPER.writeValue(out, report);
        out.write('\n');
    }

    /** A subject as the contract writes it ({@code prod/db ingress[0]}, {@code a -> b}). */
    private static final class SubjectSerializer extends StdSerializer<FindingSubject> {
        SubjectSerializer() {
            super(FindingSubject.class);
        }

        @Override
        public void serialize(FindingSubject subject, JsonGenerator out, SerializerProvider provider) throws IOException {
            out.writeString(subject.text());
        }
    }

    private static final class SeveritySerializer extends StdSerializer<Severity> {
        SeveritySerializer() {
            super(Severity.class);
        }

        @Override
        public void serialize(Severity value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(value.wireName());
        }
    }
}
