package dev.netpolauditor.ops;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import java.util.Map;

/**
 * Readiness: the service can answer only while its database answers, as {@link DatabaseState}
 * last saw (so the probe itself never waits on the database). Not a liveness check:
 * restarting the service does not bring a database back. Its details — none that locate the
 * database — are shown to authenticated callers only; anonymous probes see UP or DOWN.
 */
@Singleton
@Readiness
final class DatabaseHealth extends AbstractHealthIndicator<Map<String, Object>> {
    private final DatabaseState state;

    DatabaseHealth(DatabaseState state) {
        this.state = state;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        boolean up = state.up();
        healthStatus = up ? HealthStatus.UP : HealthStatus.DOWN;
        return Map.of("reachable", up);
    }

    @Override
    protected String getName() {
        return "database";
    }
}
