package dev.netpolauditor.service;

import dev.netpolauditor.analysis.AnalysisSettings;
import dev.netpolauditor.analysis.FindingException;
import dev.netpolauditor.snapshot.ManifestException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The settings of a cluster's next analysis in the service: its files' ({@link ConfiguredSettings}),
 * with the exceptions managed in the service that are approved (or expired since) appended after
 * the file's, by id, and, when justification tracking is on for the cluster, its approved
 * justifications; when its reviews are tracked, its last review. So the settings stored with each
 * analysis hold the approvals and the review as they were.
 */
public final class InForceSettings implements SettingsSource {
    private final ManagedExceptions exceptions;
    private final ManagedJustifications justifications;
    private final Reviews reviews;

    public InForceSettings(ManagedExceptions exceptions, ManagedJustifications justifications, Reviews reviews) {
        this.exceptions = exceptions;
        this.justifications = justifications;
        this.reviews = reviews;
    }

    @Override
    public AnalysisSettings read(ClusterSpec spec, LocalDate day) throws ManifestException {
        AnalysisSettings files = ConfiguredSettings.read(spec, day);
        List<FindingException> all = new ArrayList<>(files.exceptions());
        all.addAll(exceptions.inForce(spec.name()));
        return new AnalysisSettings(files.tenancy(), all, day, justifications.inForce(spec.name()),
                reviews.inForce(spec.name()));
    }
}
