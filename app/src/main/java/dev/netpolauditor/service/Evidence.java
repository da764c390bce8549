package dev.netpolauditor.service;

import dev.netpolauditor.store.ReportStore;
import java.util.List;
import java.util.Optional;

/**
 * The stored reports, as evidence: listed, fetched byte for byte, found by a file's hash, and
 * each cluster's hash chain checked up to one of them.
 */
public final class Evidence {

    /**
     * Whether a cluster's chain up to one report holds: every report names its predecessor's
     * hash and every stored file still has its recorded hash; {@code brokenAt} is the first
     * report where it does not (null if intact).
     */
    public record Chain(boolean intact, int reports, Long brokenAt, String reason) {}

    private final ReportStore reports;

    public Evidence(ReportStore reports) {
        this.reports = reports;
    }

    /** Hex SHA-256 of a file, as the evidence records it. */
    public static String sha256(byte[] bytes) {
        return ReportStore.sha256(bytes);
    }

    /** Stored reports, newest first; of one cluster when {@code cluster} is not null. */
    public Page<Report> list(String cluster, int limit, int offset) {
        return Page.of(reports.list(cluster, limit, offset), Report::of);
    }

    public Optional<Report> report(long id) {
        return reports.report(id).map(Report::of);
    }

    /** The stored file of report {@code id}, byte for byte as handed out. */
    public Optional<byte[]> content(long id) {
        return reports.content(id);
    }

    /** The reports whose file has this hash, oldest first. */
    public List<Report> bySha256(String sha256) {
        return reports.bySha256(sha256).stream().map(Report::of).toList();
    }

    /** Whether {@code cluster}'s chain holds from its first report up to report {@code upTo}. */
    public Chain chain(String cluster, long upTo) {
        ReportStore.Chain c = reports.chain(cluster, upTo);
        return new Chain(c.intact(), c.reports(), c.brokenAt(), c.reason());
    }
}
