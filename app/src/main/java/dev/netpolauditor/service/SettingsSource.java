package dev.netpolauditor.service;

import dev.netpolauditor.analysis.AnalysisSettings;
import dev.netpolauditor.snapshot.ManifestException;
import java.time.LocalDate;

/**
 * The settings a cluster's next analysis runs under, judged on {@code day}: its tenants and
 * exceptions files as they are now ({@link #FILES}), and in the service the compliance records in
 * force besides ({@link InForceSettings}). Once an analysis is stored its settings are read from
 * the store, never from here again.
 */
@FunctionalInterface
public interface SettingsSource {
    AnalysisSettings read(ClusterSpec spec, LocalDate day) throws ManifestException;

    /** The files alone. */
    SettingsSource FILES = ConfiguredSettings::read;
}
