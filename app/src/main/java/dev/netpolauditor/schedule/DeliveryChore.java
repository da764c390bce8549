package dev.netpolauditor.schedule;

import dev.netpolauditor.mail.ReportDeliveries;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mails subscribed reports every minute (netpol-auditor.mail.*): records what is due, generates
 * the reports and sends what is due to be (re)tried. Off with {@code netpol-auditor.mail.enabled: false}.
 */
@Singleton
final class DeliveryChore {
    private static final Logger LOG = LoggerFactory.getLogger("netpol-auditor.mail");
    static final String CRON = "0 * * * * *";

    private final ReportDeliveries deliveries;
    private final boolean enabled;

    DeliveryChore(ReportDeliveries deliveries, @Value("${netpol-auditor.mail.enabled:true}") boolean enabled) {
        this.deliveries = deliveries;
        this.enabled = enabled;
    }

    List<SnapshotSchedules.Chore> chores() {
        return enabled ? List.of(new SnapshotSchedules.Chore("report-deliveries", CRON, this::run)) : List.of();
    }

    void run() {
        long start = System.nanoTime();
        ReportDeliveries.Run r = deliveries.run(Instant.now());
        if (r.recorded() + r.generated() + r.sent() + r.retrying() + r.failed() > 0) {
            LOG.info("deliveries recorded={} reports_generated={} sent={} retrying={} failed={} duration_ms={}",
                    r.recorded(), r.generated(), r.sent(), r.retrying(), r.failed(),
                    (System.nanoTime() - start) / 1_000_000);
        }
    }
}
