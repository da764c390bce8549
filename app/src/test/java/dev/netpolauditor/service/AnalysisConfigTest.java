package dev.netpolauditor.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.netpolauditor.analysis.FindingException;
import dev.netpolauditor.analysis.Tenancy;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The configuration half of the analysis key: equal exactly when the analysis would be. */
class AnalysisConfigTest {
    private static final LocalDate DAY = LocalDate.of(2026, 3, 1);
    private static final FindingException EXCEPTION =
            new FindingException("NP-COV-001", "shop/*", "legacy", "team-a", DAY.plusDays(10));

    @Test
    void anUnchangedConfigurationHasOneHashFromDayToDay() {
        AnalysisConfig today = new AnalysisConfig(Tenancy.byLabel("tenant"), List.of(EXCEPTION), DAY);
        AnalysisConfig tomorrow = new AnalysisConfig(Tenancy.byLabel("tenant"), List.of(EXCEPTION), DAY.plusDays(1));
        assertEquals(today.sha256(), tomorrow.sha256());
    }

    @Test
    void anExceptionExpiringChangesIt() {
        AnalysisConfig before = new AnalysisConfig(Tenancy.byLabel("tenant"), List.of(EXCEPTION), DAY.plusDays(10));
        AnalysisConfig after = new AnalysisConfig(Tenancy.byLabel("tenant"), List.of(EXCEPTION), DAY.plusDays(11));
        assertNotEquals(before.sha256(), after.sha256());
    }

    @Test
    void wordingAndOwnersDoNotChangeIt() {
        FindingException reworded = new FindingException("NP-COV-001", "shop/*", "other words", "team-b",
                DAY.plusDays(30));
        assertEquals(new AnalysisConfig(Tenancy.byLabel("tenant"), List.of(EXCEPTION), DAY).sha256(),
                new AnalysisConfig(Tenancy.byLabel("tenant"), List.of(reworded), DAY).sha256());
    }

    @Test
    void tenancyChangesIt() {
        String byLabel = new AnalysisConfig(Tenancy.byLabel("tenant"), List.of(), DAY).sha256();
        assertNotEquals(byLabel, new AnalysisConfig(Tenancy.byLabel("team"), List.of(), DAY).sha256());
        Tenancy assigned = new Tenancy("tenant", Map.of("shop", "retail"), Set.of(), Set.of());
        assertNotEquals(byLabel, new AnalysisConfig(assigned, List.of(), DAY).sha256());
        Tenancy shared = new Tenancy("tenant", Map.of(), Set.of("kube-system"), Set.of());
        assertNotEquals(byLabel, new AnalysisConfig(shared, List.of(), DAY).sha256());
    }
}
