package dev.netpolauditor.mail;

import dev.netpolauditor.report.ReportFormat;
import dev.netpolauditor.report.ReportKind;
import dev.netpolauditor.report.ReportTemplates;
import dev.netpolauditor.report.SnapshotReports;
import dev.netpolauditor.service.Cron;
import dev.netpolauditor.service.PeriodReports;
import dev.netpolauditor.service.Report;
import dev.netpolauditor.service.Snapshot;
import dev.netpolauditor.service.StoredReports;
import dev.netpolauditor.store.DeliveryStore.Attempt;
import dev.netpolauditor.store.DeliveryStore.Delivery;
import dev.netpolauditor.store.DeliveryStore.DueTime;
import dev.netpolauditor.store.DeliveryStore.Generation;
import dev.netpolauditor.store.DeliveryStore;
import dev.netpolauditor.store.ReportStore;
import dev.netpolauditor.store.SnapshotStore;
import dev.netpolauditor.store.SubscriptionStore.Spec;
import dev.netpolauditor.store.SubscriptionStore.StoredSubscription;
import dev.netpolauditor.store.SubscriptionStore;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mails subscribed reports through the delivery outbox ({@link DeliveryStore}). One
 * {@link #run} does three steps, each safe to run on several replicas at once:
 *
 * <ol>
 *   <li>Record: for every enabled subscription, the latest fire time of its schedule since
 *       the last one recorded (or since it was created or last changed) gets one pending row
 *       per recipient. After downtime only the latest missed fire time is recorded, not every
 *       one missed: a report of each missed hour after a weekend off would be noise.
 *   <li>Generate: one report per due time, of the cluster's latest complete snapshot at the
 *       due time, in the subscription's format, kept as evidence: a compliance report narrowed
 *       to the subscription's scope, or a change report since the subscription's previous
 *       report (not narrowed: the change report has no scoped form yet); the mail's subject
 *       and body are filled from the email template then, so every attempt sends the same
 *       text. Without a snapshot (or with an unreadable configuration) the due time's
 *       deliveries are marked failed with the reason.
 *   <li>Send: each pending delivery whose next attempt is due is mailed with the report
 *       attached (a reminder, recorded by {@link ComplianceReminders}, without one) and its fixed
 *       Message-ID. A failure counts an attempt and waits
 *       {@link MailSettings#retryAfter}; after max-attempts it is marked failed with the reason.
 * </ol>
 *
 * <p>A mail the server accepted is marked sent in the same transaction that locked its row;
 * if a replica stops between the two, the mail is sent again with the same Message-ID, which
 * lets the receiving side recognise the duplicate (at least once, never two different mails).
 */
public final class ReportDeliveries {
    private static final Logger LOG = LoggerFactory.getLogger("netpol-auditor.mail");
    /** Sends per run, so one run stays short even with a long backlog; the rest go next run. */
    static final int MAX_SENDS_PER_RUN = 200;
    static final String NOT_CONFIGURED = "no SMTP server configured: set NETPOL_AUDITOR_SMTP_HOST"
            + " (netpol-auditor.mail.smtp.host) and NETPOL_AUDITOR_MAIL_FROM";

    private final SubscriptionStore subscriptions;
    private final DeliveryStore deliveries;
    private final SnapshotStore snapshots;
    private final ReportStore reports;
    private final StoredReports storedReports;
    private final ReportTemplates templates;
    private final MailSettings settings;
    private final Mailer mailer;
    private final PeriodReports periodReports;

    /** {@code mailer} null: no SMTP server is configured (attempts fail saying what to set). */
    public ReportDeliveries(SubscriptionStore subscriptions, DeliveryStore deliveries, SnapshotStore snapshots,
            ReportStore reports, StoredReports storedReports, ReportTemplates templates, MailSettings settings,
            Mailer mailer, PeriodReports periodReports) {
        this.subscriptions = subscriptions;
        this.deliveries = deliveries;
        this.snapshots = snapshots;
        this.reports = reports;
        this.storedReports = storedReports;
        this.templates = templates;
        this.settings = settings;
        this.mailer = mailer;
        this.periodReports = periodReports;
    }

    /** The outcomes of an attempt, as {@link #onAttempt} reports them. */
    public static final List<String> OUTCOMES = List.of("sent", "retrying", "failed");

    private volatile Consumer<String> attemptListener = outcome -> { };

    /** Tells {@code listener} the outcome of every attempt (one of {@link #OUTCOMES}); the metrics count them. */
    public void onAttempt(Consumer<String> listener) {
        this.attemptListener = listener;
    }

    /** What one run did: rows recorded, due times generated, and the attempts' outcomes. */
    public record Run(int recorded, int generated, int sent, int retrying, int failed) {}

    private static final class Counts {
        int sent;
        int retrying;
        int failed;
    }

    /** Records, generates and sends what is due at {@code now}. */
    public Run run(Instant now) {
        int recorded = recordDue(now);
        int generated = 0;
        for (DueTime due : deliveries.ungenerated()) {
            try {
                generated += deliveries.generate(due.subscriptionId(), due.dueAt(),
                        rows -> generate(due, rows.getFirst().requestedBy())) ? 1 : 0;
            } catch (RuntimeException e) {
                // rolled back: the due time stays ungenerated and is tried again next run; the others go on
                LOG.warn("report for subscription {} due {} not generated, tried again next run: {}",
                        due.subscriptionId(), due.dueAt(), e.toString());
            }
        }
        Counts counts = new Counts();
        try {
            for (int i = 0; i < MAX_SENDS_PER_RUN
                    && deliveries.attemptNext(now, null, d -> attempt(d, now, counts)); i++) {
                // one delivery per transaction
            }
        } catch (RuntimeException e) {
            // rolled back: the delivery keeps its state and is first again next run
            LOG.warn("sending stopped for this run, tried again next run: {}", e.toString());
        }
        return new Run(recorded, generated, counts.sent, counts.retrying, counts.failed);
    }

    /**
     * Sends {@code subscription}'s report now, outside its schedule, on behalf of {@code actor}:
     * recorded, generated and attempted at once; a failed attempt is retried like any other.
     */
    public List<Delivery> sendNow(StoredSubscription subscription, String actor, Instant now) {
        DueTime due = new DueTime(subscription.id(), now.truncatedTo(ChronoUnit.MILLIS));
        deliveries.record(due(due, actor, subscription.spec().recipients()), now);
        deliveries.generate(due.subscriptionId(), due.dueAt(), rows -> generate(due, actor));
        Counts counts = new Counts();
        for (int i = 0; i < MAX_SENDS_PER_RUN && deliveries.attemptNext(now, due, d -> attempt(d, now, counts));
                i++) {
            // one delivery per transaction
        }
        return deliveries.of(due);
    }

    private int recordDue(Instant now) {
        int recorded = 0;
        for (StoredSubscription s : subscriptions.list()) {
            Spec spec = s.spec();
            if (!spec.enabled()) {
                continue;
            }
            Instant since = deliveries.lastScheduledDue(s.id()).filter(last -> last.isAfter(s.updatedAt()))
                    .orElse(s.updatedAt());
            Optional<Instant> due;
            try {
                due = Cron.latestFireTime(spec.schedule(), ZoneId.of(spec.timeZone()), since, now);
            } catch (IllegalArgumentException | DateTimeException e) {
                // validated when stored; a zone a newer JDK dropped must not stop the other subscriptions
                LOG.warn("subscription {}: schedule '{}' in '{}' cannot be read, skipped: {}", s.id(),
                        spec.schedule(), spec.timeZone(), e.getMessage());
                continue;
            }
            if (due.isPresent()) {
                recorded += deliveries.record(due(new DueTime(s.id(), due.get()), null, spec.recipients()), now);
            }
        }
        return recorded;
    }

    private static DeliveryStore.Due due(DueTime due, String requestedBy, List<String> recipients) {
        return new DeliveryStore.Due(due.subscriptionId(), due.dueAt(), requestedBy, recipients.stream()
                .map(r -> new DeliveryStore.Recipient(r, messageId(due, r))).toList());
    }

    /**
     * The Message-ID of a delivery: one report per due time, so (subscription, due time,
     * recipient) names one mail. Fixed when the delivery is recorded, before the report exists.
     */
    static String messageId(DueTime due, String recipient) {
        return "<report." + due.subscriptionId() + "." + due.dueAt().toEpochMilli() + "."
                + ReportStore.sha256(recipient.getBytes(StandardCharsets.UTF_8)).substring(0, 16)
                + "@netpol-auditor>";
    }

    private Generation generate(DueTime due, String requestedBy) {
        Optional<StoredSubscription> found = subscriptions.subscription(due.subscriptionId());
        if (found.isEmpty()) {
            return new Generation.Impossible("subscription " + due.subscriptionId()
                    + " was deleted before its report was generated");
        }
        Spec spec = found.get().spec();
        Optional<Snapshot> snapshot = snapshots.latestSnapshot(spec.cluster(), due.dueAt()).map(Snapshot::of);
        if (snapshot.isEmpty()) {
            return new Generation.Impossible("no complete snapshot of cluster '" + spec.cluster() + "' at or before "
                    + due.dueAt() + ", so there is no report to send for this due time");
        }
        String actor = requestedBy != null ? requestedBy : "subscription:" + due.subscriptionId();
        if (spec.kind().equals(ReportKind.PERIOD.wireName())) {
            return period(spec, due, actor);
        }
        if (spec.kind().equals(ReportKind.CHANGE.wireName())) {
            return change(storedReports.changeSincePreviousReport(due.subscriptionId(), spec.cluster(),
                    snapshot.get(), spec.format(), actor));
        }
        StoredReports.Rendered rendered = storedReports.generate(snapshot.get(), spec.format(),
                due.subscriptionId(), actor, new SnapshotReports.Scope(spec.scope(), spec.scopeValues()));
        return new Generation.Generated(rendered.generated().report().id(),
                templates.emailSubject(rendered.model()), templates.emailBody(rendered.model()));
    }

    /**
     * A period report over the interval since the schedule's previous fire time before the due time
     * (a quarterly schedule reports the quarter just ended), up to the due time.
     */
    private Generation period(Spec spec, DueTime due, String actor) {
        Instant from;
        try {
            from = Cron.latestFireTime(spec.schedule(), ZoneId.of(spec.timeZone()), due.dueAt().minus(
                    java.time.Duration.ofDays(3700)), due.dueAt().minusMillis(1)).orElse(null);
        } catch (IllegalArgumentException | DateTimeException e) {
            return new Generation.Impossible("the schedule '" + spec.schedule() + "' cannot be read: " + e.getMessage());
        }
        if (from == null) {
            return new Generation.Impossible("the schedule '" + spec.schedule() + "' fired nowhere in the ten years"
                    + " before " + due.dueAt() + ": there is no period to report on");
        }
        StoredReports.Generated g;
        try {
            g = periodReports.generate(spec.cluster(), from, due.dueAt(), spec.format(), due.subscriptionId(), actor);
        } catch (PeriodReports.NothingToReport e) {
            return new Generation.Impossible(e.getMessage());
        }
        String title = templates.text("branding.title");
        String subject = title + ": compliance of " + spec.cluster() + " from " + from + " to " + due.dueAt();
        String body = "The compliance of the NetworkPolicies of " + spec.cluster() + " over the period from " + from
                + " to " + due.dueAt() + ", from every snapshot of the period.\n\n"
                + "The attached file lists the endpoints and whether they stayed isolated, the findings with first"
                + " and last seen, the controls judged over the period, the gaps in the snapshot history, and the"
                + " exceptions, justifications and reviews in force.\n\n" + templates.text("branding.organisation")
                + "\n";
        return new Generation.Generated(g.report().id(), subject, body);
    }

    /**
     * The mail text of a change report. Not from email.yaml yet: its placeholders are the
     * compliance report's numbers, and a change report has none of them.
     */
    private Generation change(StoredReports.Generated g) {
        Report r = g.report();
        String title = templates.text("branding.title");
        String between = r.snapshotIds().size() > 1
                ? "from snapshot " + r.snapshotIds().get(1) + " to snapshot " + r.snapshotIds().getFirst()
                : "up to snapshot " + r.snapshotIds().getFirst() + " (nothing earlier to compare with)";
        String subject = title + ": what changed in " + r.cluster() + " " + between;
        String body = "What changed in the NetworkPolicies of " + r.cluster() + ", " + between + ".\n\n"
                + "The attached file lists the connections opened and closed, the findings new and resolved,"
                + " and the objects that changed.\n\n" + templates.text("branding.organisation") + "\n";
        return new Generation.Generated(r.id(), subject, body);
    }

    private Attempt attempt(Delivery d, Instant now, Counts counts) {
        int attempts = d.attempts() + 1;
        String error;
        if (mailer == null) {
            error = NOT_CONFIGURED;
        } else {
            try {
                mailer.send(mail(d));
                counts.sent++;
                attemptListener.accept("sent");
                return new Attempt(DeliveryStore.SENT, attempts, d.nextAttemptAt(), null, now);
            } catch (Mailer.MailFailure e) {
                error = e.getMessage();
                if (e.permanent()) {
                    // the server said no for good: the same mail again gets the same answer
                    counts.failed++;
                    attemptListener.accept("failed");
                    return new Attempt(DeliveryStore.FAILED, attempts, d.nextAttemptAt(),
                            "not retried: " + error, null);
                }
            }
        }
        if (attempts >= settings.maxAttempts()) {
            counts.failed++;
            attemptListener.accept("failed");
            return new Attempt(DeliveryStore.FAILED, attempts, d.nextAttemptAt(),
                    "gave up after " + attempts + " attempts; the last failed with: " + error, null);
        }
        counts.retrying++;
        attemptListener.accept("retrying");
        return new Attempt(DeliveryStore.PENDING, attempts, now.plus(settings.retryAfter(attempts)), error, null);
    }

    private OutgoingMail mail(Delivery d) {
        if (d.reminder() != null) {
            return new OutgoingMail(d.messageId(), settings.from(), d.recipient(), d.subject(), d.body(), null, null,
                    null);
        }
        ReportStore.StoredReport report = reports.report(d.reportId()).orElseThrow();
        byte[] content = reports.content(d.reportId()).orElseThrow();
        return new OutgoingMail(d.messageId(), settings.from(), d.recipient(), d.subject(), d.body(),
                ReportKind.ofStored(report.kind()).filename(report.cluster(), report.snapshotIds(), report.format()),
                ReportFormat.ofStored(report.format()).mediaType(), content);
    }

}
