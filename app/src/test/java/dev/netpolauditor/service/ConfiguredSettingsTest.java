package dev.netpolauditor.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.netpolauditor.analysis.AnalysisSettings;
import dev.netpolauditor.analysis.FindingException;
import dev.netpolauditor.analysis.Tenancy;
import dev.netpolauditor.canonical.CanonicalJson;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The configuration half of the analysis key: equal exactly when the analysis would be. */
class ConfiguredSettingsTest {
    private static final LocalDate DAY = LocalDate.of(2026, 3, 1);
    private static final FindingException EXCEPTION =
            new FindingException("NP-COV-001", "shop/*", "legacy", "team-a", DAY.plusDays(10));

    @Test
    void anUnchangedConfigurationHasOneHashFromDayToDay() {
        String today = sha(Tenancy.byLabel("tenant"), List.of(EXCEPTION), DAY);
        String tomorrow = sha(Tenancy.byLabel("tenant"), List.of(EXCEPTION), DAY.plusDays(1));
        assertEquals(today, tomorrow);
    }

    @Test
    void anExceptionExpiringChangesIt() {
        String before = sha(Tenancy.byLabel("tenant"), List.of(EXCEPTION), DAY.plusDays(10));
        String after = sha(Tenancy.byLabel("tenant"), List.of(EXCEPTION), DAY.plusDays(11));
        assertNotEquals(before, after);
    }

    /** The settings are evidence: a report shows each exception's owner and words as they were then. */
    @Test
    void wordingAndOwnersAreKeptSoTheyChangeIt() {
        FindingException reworded = new FindingException("NP-COV-001", "shop/*", "other words", "team-a",
                DAY.plusDays(10));
        FindingException reowned = new FindingException("NP-COV-001", "shop/*", "legacy", "team-b",
                DAY.plusDays(10));
        String original = sha(Tenancy.byLabel("tenant"), List.of(EXCEPTION), DAY);
        assertNotEquals(original, sha(Tenancy.byLabel("tenant"), List.of(reworded), DAY));
        assertNotEquals(original, sha(Tenancy.byLabel("tenant"), List.of(reowned), DAY));
    }

    @Test
    void theDocumentReadsBackAsTheSettings() {
        Tenancy tenancy = new Tenancy("team", Map.of("shop", "retail"), Set.of("kube-system"),
                Set.of(new Tenancy.TenantPair("retail", "platform")));
        AnalysisSettings settings = new AnalysisSettings(tenancy, List.of(EXCEPTION), DAY);
        AnalysisSettings read = AnalysisSettings.fromDocument(
                CanonicalJson.readObject(ConfiguredSettings.json(settings)), DAY);
        assertEquals(settings, read);
    }

    private static String sha(Tenancy tenancy, List<FindingException> exceptions, LocalDate day) {
        return ConfiguredSettings.sha256(new AnalysisSettings(tenancy, exceptions, day));
    }

    @Test
    void tenancyChangesIt() {
        String byLabel = sha(Tenancy.byLabel("tenant"), List.of(), DAY);
        assertNotEquals(byLabel, sha(Tenancy.byLabel("team"), List.of(), DAY));
        Tenancy assigned = new Tenancy("tenant", Map.of("shop", "retail"), Set.of(), Set.of());
        assertNotEquals(byLabel, sha(assigned, List.of(), DAY));
        Tenancy shared = new Tenancy("tenant", Map.of(), Set.of("kube-system"), Set.of());
        assertNotEquals(byLabel, sha(shared, List.of(), DAY));
    }
}
