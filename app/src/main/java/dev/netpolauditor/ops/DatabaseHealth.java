package dev.netpolauditor.ops;

import dev.netpolauditor.store.Database;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;

/**
 * Readiness: the service can answer only while its database answers. Not a liveness check:
 * restarting the service does not bring a database back.
 */
@Singleton
@Readiness
final class DatabaseHealth extends AbstractHealthIndicator<Map<String, Object>> {
    private final Database database;

    DatabaseHealth(Database database) {
        this.database = database;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        boolean up = database.reachable(Duration.ofSeconds(2));
        healthStatus = up ? HealthStatus.UP : HealthStatus.DOWN;
        return Map.of("database", database.description(), "reachable", up);
    }

    @Override
    protected String getName() {
        return "database";
    }
}
