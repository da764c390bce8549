package dev.netpolauditor.service;

import dev.netpolauditor.analysis.FindingException;
import dev.netpolauditor.analysis.Tenancy;
import dev.netpolauditor.snapshot.ExceptionsFile;
import dev.netpolauditor.snapshot.ManifestException;
import dev.netpolauditor.snapshot.TenantsFile;
import dev.netpolauditor.store.CanonicalJson;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How one snapshot is analysed: the tenancy, the exceptions and the day exception expiry is
 * judged on. Its {@link #sha256()} is the part of the analysis key that is not content: equal
 * hashes give equal analyses of equal content, so a stored analysis can be shared.
 */
public record AnalysisConfig(Tenancy tenancy, List<FindingException> exceptions, LocalDate today) {

    public AnalysisConfig {
        exceptions = List.copyOf(exceptions);
    }

    /** Reads the cluster's tenants and exceptions files as they are now. */
    public static AnalysisConfig of(ClusterSpec spec, LocalDate today) throws ManifestException {
        Tenancy tenancy = spec.tenantsFile() == null ? Tenancy.byLabel(spec.tenantLabel())
                : TenantsFile.read(spec.tenantsFile(), spec.tenantLabel());
        List<FindingException> exceptions = spec.exceptionsFile() == null ? List.of()
                : ExceptionsFile.read(spec.exceptionsFile());
        return new AnalysisConfig(tenancy, exceptions, today);
    }

    /**
     * SHA-256 of what the analysis depends on besides the objects: the tenancy, and each
     * exception's rule, subject pattern and whether it has expired today. Justification, owner
     * and the expiry date itself do not change a finding's status, so they are left out: an
     * unchanged cluster shares one analysis from day to day until an exception expires.
     */
    public String sha256() {
        Map<String, Object> doc = new TreeMap<>();
        doc.put("tenantLabel", tenancy.label());
        doc.put("assigned", new TreeMap<>(tenancy.assigned()));
        doc.put("shared", tenancy.shared().stream().sorted().toList());
        doc.put("allowed", tenancy.allowed().stream().map(Tenancy.TenantPair::toString).sorted().toList());
        List<Object> excepted = new ArrayList<>();
        for (FindingException e : exceptions) {
            excepted.add(Map.of("rule", e.rule(), "subject", e.subjectPattern(), "expired", e.expiredOn(today)));
        }
        doc.put("exceptions", excepted);
        return CanonicalJson.sha256(CanonicalJson.write(doc));
    }
}
