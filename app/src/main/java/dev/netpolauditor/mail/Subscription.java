package dev.netpolauditor.mail;

import com.github.kagkarlsson.scheduler.task.schedule.CronSchedule;
import dev.netpolauditor.report.ReportFormat;
import dev.netpolauditor.report.ReportKind;
import dev.netpolauditor.service.Clusters;
import dev.netpolauditor.service.Cron;
import dev.netpolauditor.service.MailAddress;
import dev.netpolauditor.service.Refusal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A report subscription: what it asks for, and who made it when. */
public record Subscription(long id, Spec spec, Instant createdAt, String createdBy, Instant updatedAt) {
    /** Recipients a subscription may have. */
    public static final int MAX_RECIPIENTS = 50;
    private static final List<String> SCOPES = List.of("all", "namespaces", "tenants");

    /**
     * What a subscription asks for, checked: a configured cluster, 1 to {@value #MAX_RECIPIENTS}
     * mail addresses (stripped, without repeats), a scope (all, or the namespaces or tenants it
     * covers), a report kind and format, a cron schedule that fires, read in an IANA time zone.
     */
    public record Spec(String cluster, List<String> recipients, String scope, List<String> scopeValues, String kind,
            String format, String schedule, String timeZone, boolean enabled) {
        public Spec {
            recipients = List.copyOf(recipients);
            scopeValues = List.copyOf(scopeValues);
        }

        /**
         * The spec a request asks for, defaults filled in (scope all, kind compliance, format
         * xlsx, enabled), or the refusal (invalid) saying what is wrong and how to fix it.
         * Null stands for a value the request left out.
         */
        public static Spec checked(Clusters clusters, String cluster, List<String> recipients, String scopeType,
                List<String> scopeValues, String kind, String format, String schedule, String timeZone,
                Boolean enabled) {
            if (cluster == null || clusters.spec(cluster).isEmpty()) {
                throw invalid("cluster '" + cluster + "': name a configured cluster ("
                        + String.join(", ", clusters.specs().stream().map(s -> s.name()).toList()) + ")");
            }
            if (recipients == null || recipients.isEmpty() || recipients.size() > MAX_RECIPIENTS) {
                throw invalid("recipients: give 1 to " + MAX_RECIPIENTS + " mail addresses");
            }
            List<String> addresses = new ArrayList<>();
            for (String address : recipients) {
                String a = address == null ? "" : address.strip();
                if (!MailAddress.valid(a)) {
                    throw invalid("recipient '" + address + "' is not a mail address (name@example.com)");
                }
                if (!addresses.contains(a)) {
                    addresses.add(a);
                }
            }
            String scope = scopeType == null ? "all" : scopeType;
            List<String> values = scopeValues == null ? List.of()
                    : scopeValues.stream().map(v -> v == null ? "" : v.strip()).distinct().toList();
            if (!SCOPES.contains(scope)) {
                throw invalid("scope type '" + scope + "': use all, namespaces or tenants");
            }
            if (scope.equals("all") != values.isEmpty() || values.contains("")) {
                throw invalid(scope.equals("all") ? "scope all takes no values"
                        : "scope " + scope + " needs the " + scope + " it covers, none blank");
            }
            String k = kind == null ? ReportKind.COMPLIANCE.wireName() : kind;
            if (!ReportKind.DELIVERABLE.contains(k)) {
                throw invalid("kind '" + k + "': use " + String.join(" or ", ReportKind.DELIVERABLE));
            }
            if (k.equals(ReportKind.PERIOD.wireName()) && !scope.equals("all")) {
                throw invalid("a period report covers the whole cluster: leave the scope out (or all)");
            }
            String f = format == null ? "xlsx" : format;
            if (!ReportFormat.NAMES.contains(f)) {
                throw invalid("format '" + f + "': use xlsx, csv or json");
            }
            if (schedule == null) {
                throw invalid("schedule: give a cron expression, e.g. \"0 8 * * MON\"");
            }
            try {
                Cron.normalise(schedule);
            } catch (IllegalArgumentException e) {
                throw invalid("schedule: " + e.getMessage());
            }
            if (timeZone == null || !ZoneId.getAvailableZoneIds().contains(timeZone)) {
                throw invalid("timeZone '" + timeZone + "': use an IANA time zone id, e.g. Europe/Berlin or UTC");
            }
            Spec spec = new Spec(cluster, addresses, scope, values, k, f, schedule.strip(), timeZone,
                    enabled == null || enabled);
            Instant next = spec.nextRun(Instant.now());
            if (next == null || next.isAfter(Instant.now().plus(Cron.HORIZON))) {
                throw invalid("schedule '" + schedule + "' is never due (no time matches it within "
                        + Cron.HORIZON.toDays() / 365 + " years, e.g. a 30th of February); give a schedule that fires,"
                        + " e.g. \"0 8 * * MON\"");
            }
            return spec;
        }

        /** The first time after {@code now} the schedule is due. */
        public Instant nextRun(Instant now) {
            return new CronSchedule(Cron.normalise(schedule), ZoneId.of(timeZone)).getInitialExecutionTime(now);
        }

        /** What the audit log keeps of a created or changed subscription. */
        Map<String, Object> auditDetail() {
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("cluster", cluster);
            detail.put("recipients", recipients);
            detail.put("scope", scope);
            detail.put("scopeValues", scopeValues);
            detail.put("format", format);
            detail.put("schedule", schedule);
            detail.put("timeZone", timeZone);
            detail.put("enabled", enabled);
            return detail;
        }

        private static Refusal invalid(String message) {
            return new Refusal(Refusal.Kind.INVALID, message);
        }
    }
}
