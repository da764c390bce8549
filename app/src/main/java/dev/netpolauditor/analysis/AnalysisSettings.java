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
 * force, each with its owner, justification and expiry, judged on {@code day}.
 *
 * <p>The service stores each distinct {@link #document()} once and links it from every analysis
 * computed under it, so that a report, a finding list, the tenant matrix or a diff of a stored
 * snapshot uses exactly the settings of its analysis, never the files as they are later. The
 * document carries each exception's expiry and whether it had expired on {@code day}, not the
 * day itself: an unchanged cluster keeps one analysis from day to day until an exception expires.
 */
public record AnalysisSettings(Tenancy tenancy, List<FindingException> exceptions, LocalDate day) {

    public AnalysisSettings {
        exceptions = List.copyOf(exceptions);
    }

    /** The tenant label alone, no exceptions. */
    public static AnalysisSettings byLabel(String label, LocalDate day) {
        return new AnalysisSettings(Tenancy.byLabel(label), List.of(), day);
    }

    /** The same settings judged on another day (exception expiry). */
    public AnalysisSettings on(LocalDate other) {
        return new AnalysisSettings(tenancy, exceptions, other);
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
            excepted.add(x);
        }
        doc.put("exceptions", excepted);
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
                exceptions.add(new FindingException((String) e.get("rule"), (String) e.get("subject"),
                        (String) e.get("justification"), (String) e.get("owner"),
                        LocalDate.parse((String) e.get("expires"))));
            }
            return new AnalysisSettings(new Tenancy((String) doc.get("tenantLabel"), assigned, shared, allowed),
                    exceptions, day);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("stored analysis settings are not in their canonical form: "
                    + e.getMessage(), e);
        }
    }
}
