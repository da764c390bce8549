package dev.netpolauditor.service;

import dev.netpolauditor.analysis.AnalysisSettings;
import dev.netpolauditor.analysis.FindingException;
import dev.netpolauditor.analysis.Tenancy;
import dev.netpolauditor.canonical.CanonicalJson;
import dev.netpolauditor.snapshot.ExceptionsFile;
import dev.netpolauditor.snapshot.ManifestException;
import dev.netpolauditor.snapshot.TenantsFile;
import java.time.LocalDate;
import java.util.List;

/**
 * The analysis settings a cluster is configured with, read from its tenants and exceptions
 * files as they are now: what a new snapshot is analysed under. Once an analysis is stored its
 * settings are read from the store, never from these files again.
 */
public final class ConfiguredSettings {
    private ConfiguredSettings() {}

    /** Reads the cluster's tenants and exceptions files, judged on {@code day}. */
    public static AnalysisSettings read(ClusterSpec spec, LocalDate day) throws ManifestException {
        Tenancy tenancy = spec.tenantsFile() == null ? Tenancy.byLabel(spec.tenantLabel())
                : TenantsFile.read(spec.tenantsFile(), spec.tenantLabel());
        List<FindingException> exceptions = spec.exceptionsFile() == null ? List.of()
                : ExceptionsFile.read(spec.exceptionsFile());
        return new AnalysisSettings(tenancy, exceptions, day);
    }

    /** The canonical JSON of the settings document: what is stored, and hashed into the analysis key. */
    public static String json(AnalysisSettings settings) {
        return CanonicalJson.write(settings.document());
    }

    /** SHA-256 of {@link #json}: the configuration part of the analysis key. */
    public static String sha256(AnalysisSettings settings) {
        return CanonicalJson.sha256(json(settings));
    }
}
