package dev.netpolauditor.cli;

import dev.netpolauditor.analysis.AuditedFinding;
import dev.netpolauditor.analysis.Finding;
import dev.netpolauditor.report.SarifReport;
import dev.netpolauditor.service.EngineVersion;
import dev.netpolauditor.snapshot.ManifestException;
import dev.netpolauditor.snapshot.SourcePositions;
import java.io.File;
import java.io.IOException;
import java.io.Writer;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code --format sarif} of {@code audit} and {@code diff}: the findings located in the
 * manifests they were read from. Artifact URIs are the manifests directory as given joined
 * with the file's path inside it ({@code k8s/prod/db.yaml}), so a relative {@code --manifests}
 * given from the repository root yields the repository-relative paths code scanning expects;
 * an absolute directory yields {@code file:} URIs. A live cluster has no files: its results
 * carry the subject as a logical location only.
 */
final class SarifOutput {
    private SarifOutput() {}

    /** The positions of the objects under {@code dir}, or none (null: a live cluster). */
    static Function<Finding, Optional<SarifReport.Location>> locator(Path dir) throws InvalidInput {
        if (dir == null) {
            return f -> Optional.empty();
        }
        SourcePositions positions;
        try {
            positions = SourcePositions.read(dir);
        } catch (ManifestException e) {
            throw new InvalidInput(e.getMessage());
        }
        String base = base(dir);
        return finding -> SarifReport.place(finding)
                .flatMap(p -> positions.of(p.kind(), p.namespace(), p.name(), p.path()))
                .map(at -> new SarifReport.Location(uri(base, at.file()), at.line(), at.column()));
    }

    static void write(List<AuditedFinding> findings, Function<Finding, Optional<SarifReport.Location>> locate,
            Writer out) throws IOException {
        SarifReport.write(findings, locate, EngineVersion.current(), out);
    }

    /** The directory with {@code /} separators and without a leading {@code ./}; empty for {@code .}. */
    private static String base(Path dir) {
        String text = dir.normalize().toString().replace(File.separatorChar, '/');
        if (text.isEmpty() || text.equals(".")) {
            return "";
        }
        return text.endsWith("/") ? text : text + "/";
    }

    private static String uri(String base, String file) {
        String path = base + file;
        try {
            return Path.of(path).isAbsolute() ? Path.of(path).toUri().toASCIIString()
                    : new URI(null, null, path, null).toASCIIString();
        } catch (URISyntaxException e) {
            return path;
        }
    }
}
