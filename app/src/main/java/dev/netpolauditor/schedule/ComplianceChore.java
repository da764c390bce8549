package dev.netpolauditor.schedule;

import dev.netpolauditor.mail.ComplianceReminders;
import dev.netpolauditor.service.ManagedExceptions;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The compliance workflow's chores, every minute: approved exceptions past their expiry date are
 * marked expired (audit log by "system"), and the reminders due are recorded in the mail outbox,
 * which the delivery chore sends. Off with {@code netpol-auditor.mail.enabled: false} like the mail.
 */
@Singleton
final class ComplianceChore {
    private static final Logger LOG = LoggerFactory.getLogger("netpol-auditor.compliance");
    static final String CRON = "30 * * * * *";

    private final ManagedExceptions exceptions;
    private final ComplianceReminders reminders;
    private final Clock clock;
    private final boolean enabled;

    ComplianceChore(ManagedExceptions exceptions, ComplianceReminders reminders, Clock clock,
            @Value("${netpol-auditor.mail.enabled:true}") boolean enabled) {
        this.exceptions = exceptions;
        this.reminders = reminders;
        this.clock = clock;
        this.enabled = enabled;
    }

    List<SnapshotSchedules.Chore> chores() {
        return enabled ? List.of(new SnapshotSchedules.Chore("compliance", CRON, this::run)) : List.of();
    }

    void run() {
        int expired = exceptions.expire().size();
        int reminded = reminders.run(clock.instant());
        if (expired + reminded > 0) {
            LOG.info("compliance exceptions_expired={} reminders_recorded={}", expired, reminded);
        }
    }
}
