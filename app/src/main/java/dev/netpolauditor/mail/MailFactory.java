package dev.netpolauditor.mail;

import dev.netpolauditor.report.ReportTemplates;
import dev.netpolauditor.service.AuditLog;
import dev.netpolauditor.service.ComplianceSettings;
import dev.netpolauditor.service.PeriodReports;
import dev.netpolauditor.service.Reviews;
import dev.netpolauditor.service.StoredReports;
import dev.netpolauditor.store.ComplianceStore;
import dev.netpolauditor.store.Database;
import dev.netpolauditor.store.DeliveryStore;
import dev.netpolauditor.store.ReportStore;
import dev.netpolauditor.store.SnapshotStore;
import dev.netpolauditor.store.SubscriptionStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** Wires mail delivery from configuration (netpol-auditor.mail.* in application.yml). */
@Factory
final class MailFactory {

    @Singleton
    MailSettings mailSettings(@Value("${netpol-auditor.mail.smtp.host:}") String host,
            @Value("${netpol-auditor.mail.smtp.port:587}") int port,
            @Value("${netpol-auditor.mail.smtp.tls:starttls}") String tls,
            @Value("${netpol-auditor.mail.smtp.user:}") String user,
            @Value("${netpol-auditor.mail.smtp.password:}") String password,
            @Value("${netpol-auditor.mail.from:}") String from,
            @Value("${netpol-auditor.mail.max-attempts:8}") int maxAttempts,
            @Value("${netpol-auditor.mail.first-retry:1m}") Duration firstRetry,
            @Value("${netpol-auditor.mail.max-retry:1h}") Duration maxRetry,
            @Value("${netpol-auditor.mail.smtp.timeout:30s}") Duration timeout) {
        return new MailSettings(host, port, tls, user, password, from, maxAttempts, firstRetry, maxRetry, timeout);
    }

    @Singleton
    DeliveryStore deliveryStore(Database database) {
        return new DeliveryStore(database.dsl());
    }

    @Singleton
    ComplianceReminders complianceReminders(ComplianceStore compliance, DeliveryStore deliveries,
            ComplianceSettings settings, Reviews reviews) {
        return new ComplianceReminders(compliance, deliveries, settings, reviews);
    }

    @Singleton
    SubscriptionStore subscriptionStore(Database database) {
        return new SubscriptionStore(database.dsl());
    }

    @Singleton
    Subscriptions subscriptions(SubscriptionStore store, DeliveryStore deliveries, ReportDeliveries mail,
            AuditLog audit) {
        return new Subscriptions(store, deliveries, mail, audit);
    }

    @Singleton
    ReportDeliveries reportDeliveries(SubscriptionStore subscriptions, DeliveryStore deliveries,
            SnapshotStore snapshots, ReportStore reports, StoredReports storedReports, MailSettings settings,
            MeterRegistry meters, PeriodReports periodReports) {
        ReportDeliveries out = new ReportDeliveries(subscriptions, deliveries, snapshots, reports, storedReports,
                ReportTemplates.bundled(), settings, settings.configured() ? new SmtpMailer(settings) : null,
                periodReports);
        // one counter per outcome, present from the start so dashboards and alerts see zeros
        Map<String, Counter> attempts = new HashMap<>();
        for (String outcome : ReportDeliveries.OUTCOMES) {
            attempts.put(outcome, Counter.builder("netpol_auditor.mail.deliveries")
                    .description("Mail delivery attempts by outcome: sent, retrying (failed, tried again later), "
                            + "failed (given up: a permanent refusal or the last attempt)")
                    .tag("outcome", outcome).register(meters));
        }
        out.onAttempt(outcome -> attempts.get(outcome).increment());
        return out;
    }
}
