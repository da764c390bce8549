package dev.netpolauditor.analysis;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What an analysis depends on besides the objects: the tenancy (tenant label, namespaces
 * assigned or shared by the tenants file, the tenant pairs it allows) and the exceptions in
 * force, each with its owner, justification and expiry, judged on {@code day}; and whether every
 * opening rule must be justified (NP-JUST-001), with the justifications known.
 *
 * <p>The service stores each distinct {@link #document()} once and links it from every analysis
 * computed under it, so that a report, a finding list, the tenant matrix or a diff of a stored
 * snapshot uses exactly the settings of its analysis, never the files as they are later. The
 * document carries each exception's expiry and whether it had expired on {@code day}, not the
 * day itself: an unchanged cluster keeps one analysis from day to day until an exception expires.
 * Justifications are in it only when they are enabled, so that the document (and its hash) of
 * settings without them is the one stored before they existed.
 */
public record AnalysisSettings(Tenancy tenancy, List<FindingException> exceptions, LocalDate day,
        Justifications justifications, ReviewTracking reviews) {

    public AnalysisSettings {
        exceptions = List.copyOf(exceptions);
        java.util.Objects.requireNonNull(justifications, "justifications");
    }

    /** Settings without justifications or reviews. */
    public AnalysisSettings(Tenancy tenancy, List<FindingException> exceptions, LocalDate day) {
        this(tenancy, exceptions, day, Justifications.OFF, null);
    }

    /** Settings without reviews ({@code reviews} null: not tracked, no PCI DSS v4 1.2.7 control). */
    public AnalysisSettings(Tenancy tenancy, List<FindingException> exceptions, LocalDate day,
            Justifications justifications) {
        this(tenancy, exceptions, day, justifications, null);
    }

    /** The same settings with these justifications. */
    public AnalysisSettings withJustifications(Justifications other) {
        return new AnalysisSettings(tenancy, exceptions, day, other, reviews);
    }

    /** The same settings with these reviews tracked (null: none). */
    public AnalysisSettings withReviews(ReviewTracking other) {
        return new AnalysisSettings(tenancy, exceptions, day, justifications, other);
    }

    /** The tenant label alone, no exceptions. */
    public static AnalysisSettings byLabel(String label, LocalDate day) {
        return new AnalysisSettings(Tenancy.byLabel(label), List.of(), day);
    }

    /** The same settings judged on another day (exception expiry). */
    public AnalysisSettings on(LocalDate other) {
        return new AnalysisSettings(tenancy, exceptions, other, justifications, reviews);
    }

    /**
     * The settings as data (maps, lists, strings, booleans), in a canonical order: what is stored
     * and hashed. Exceptions keep their order (the first matching one applies).
     */
    public Map<String, Object> document() {
        Map<String, Object> doc = new TreeMap<>();
        doc.put("tenantLabel", tenancy.label());
        doc.put("assigned", new TreeMap<>(tenancy.assigned()));
        doc.put("shared", new ArrayList<>(new TreeSet<>(tenancy.shared())));
        List<Object> allowed = new ArrayList<>();
        tenancy.allowed().stream().sorted((a, b) -> a.toString().compareTo(b.toString()))
                .forEach(p -> allowed.add(Map.of("from", p.from(), "to", p.to())));
        doc.put("allowed", allowed);
        List<Object> excepted = new ArrayList<>();
        for (FindingException e : exceptions) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("rule", e.rule());
            x.put("subject", e.subjectPattern());
            x.put("owner", e.owner());
            x.put("justification", e.justification());
            x.put("expires", e.expires().toString());
            x.put("expired", e.expiredOn(day));
            if (e.approval() != null) {
                // only a managed exception has these keys: a file's keeps the document it always had
                Approval a = e.approval();
                x.put("id", a.id());
                x.put("cluster", a.cluster());
                x.put("ticket", a.ticket());
                x.put("proposedBy", a.proposedBy());
                x.put("approvedBy", a.approvedBy());
                x.put("approvedAt", a.approvedAt().toString());
            }
            excepted.add(x);
        }
        doc.put("exceptions", excepted);
        if (justifications.required()) {
            List<Object> justified = new ArrayList<>();
            for (Justification j : justifications.entries()) {
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("policy", j.policy());
                x.put("rule", j.rule());
                x.put("sha256", j.sha256());
                x.put("text", j.text());
                x.put("owner", j.owner());
                x.put("approver", j.approver());
                x.put("approved", j.approved().toString());
                if (j.id() != null) {
                    x.put("id", j.id());
                }
                justified.add(x);
            }
            doc.put("justifications", justified);
        }
        if (reviews != null) {
            // the day itself is not kept (as for exceptions): whether a review was due on it is
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("interval", reviews.interval().toString());
            ReviewTracking.Review last = reviews.last();
            if (last != null) {
                Map<String, Object> l = new LinkedHashMap<>();
                l.put("id", last.id());
                l.put("reviewer", last.reviewer());
                l.put("at", last.at().toString());
                l.put("snapshot", last.snapshotId());
                l.put("outcome", last.outcome());
                r.put("last", l);
            } else {
                r.put("last", null);
            }
            r.put("due", reviews.due() == null ? null : reviews.due().toString());
            r.put("overdue", reviews.overdueOn(day));
            doc.put("reviews", r);
        }
        return doc;
    }

    /**
     * Settings read back from a stored {@link #document()}, judged on {@code day} (the day of the
     * snapshot being reported).
     *
     * @throws IllegalArgumentException when the document is not in that form
     */
    public static AnalysisSettings fromDocument(Map<String, ?> doc, LocalDate day) {
        try {
            Map<String, String> assigned = new TreeMap<>();
            ((Map<?, ?>) doc.get("assigned")).forEach((k, v) -> assigned.put((String) k, (String) v));
            Set<String> shared = new TreeSet<>();
            ((List<?>) doc.get("shared")).forEach(s -> shared.add((String) s));
            Set<Tenancy.TenantPair> allowed = new java.util.HashSet<>();
            for (Object pair : (List<?>) doc.get("allowed")) {
                Map<?, ?> p = (Map<?, ?>) pair;
                allowed.add(new Tenancy.TenantPair((String) p.get("from"), (String) p.get("to")));
            }
            List<FindingException> exceptions = new ArrayList<>();
            for (Object item : (List<?>) doc.get("exceptions")) {
                Map<?, ?> e = (Map<?, ?>) item;
                Approval approval = e.get("approvedBy") == null ? null : new Approval(((Number) e.get("id")).longValue(),
                        (String) e.get("cluster"), (String) e.get("ticket"), (String) e.get("proposedBy"),
                        (String) e.get("approvedBy"), java.time.Instant.parse((String) e.get("approvedAt")));
                exceptions.add(new FindingException((String) e.get("rule"), (String) e.get("subject"),
                        (String) e.get("justification"), (String) e.get("owner"),
                        LocalDate.parse((String) e.get("expires")), approval));
            }
            Justifications justifications = Justifications.OFF;
            if (doc.get("justifications") instanceof List<?> justified) {
                List<Justification> entries = new ArrayList<>();
                for (Object item : justified) {
                    Map<?, ?> j = (Map<?, ?>) item;
                    entries.add(new Justification((String) j.get("policy"), (String) j.get("rule"),
                            (String) j.get("sha256"), (String) j.get("text"), (String) j.get("owner"),
                            (String) j.get("approver"), LocalDate.parse((String) j.get("approved")),
                            j.get("id") == null ? null : ((Number) j.get("id")).longValue()));
                }
                justifications = Justifications.required(entries);
            }
            ReviewTracking reviews = null;
            if (doc.get("reviews") instanceof Map<?, ?> r) {
                ReviewTracking.Review last = null;
                if (r.get("last") instanceof Map<?, ?> l) {
                    last = new ReviewTracking.Review(((Number) l.get("id")).longValue(), (String) l.get("reviewer"),
                            java.time.Instant.parse((String) l.get("at")), ((Number) l.get("snapshot")).longValue(),
                            (String) l.get("outcome"));
                }
                reviews = new ReviewTracking(java.time.Period.parse((String) r.get("interval")), last);
            }
            return new AnalysisSettings(new Tenancy((String) doc.get("tenantLabel"), assigned, shared, allowed),
                    exceptions, day, justifications, reviews);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("stored analysis settings are not in their canonical form: "
                    + e.getMessage(), e);
        }
    }
}
