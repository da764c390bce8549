package dev.netpolauditor.model.calico;

import dev.netpolauditor.model.PolicySpecs;
import dev.netpolauditor.model.SourceRef;
import java.util.Map;

/**
 * A Calico Tier: {@code order} (null: after every ordered tier) and the {@code defaultAction} for
 * connections no rule of an applying tier decided ({@code Deny}, or {@code Pass} on to the next
 * tier). The built-in tiers exist whether given or not ({@link #BUILT_IN}). {@code spec} is the
 * object's spec as data (what {@code diff} compares).
 */
public record CalicoTier(String name, Double order, TierDefault defaultAction, SourceRef source,
        Map<String, Object> spec) {
    public static final String KUBE_ADMIN = "kube-admin";
    public static final String DEFAULT = "default";
    public static final String KUBE_BASELINE = "kube-baseline";
    /** {@code Tier/default}: how output names the default tier. */
    public static final String DEFAULT_ID = "Tier/" + DEFAULT;

    public CalicoTier {
        spec = spec == null ? Map.of() : PolicySpecs.canonical(spec);
    }

    /** A tier without its written spec. */
    public CalicoTier(String name, Double order, TierDefault defaultAction, SourceRef source) {
        this(name, order, defaultAction, source, null);
    }

    /** What an applying tier does with what no rule decided. */
    public enum TierDefault {
        DENY("Deny"), PASS("Pass");

        private final String wireName;

        TierDefault(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        public static TierDefault byWireName(String name) {
            for (TierDefault d : values()) {
                if (d.wireName.equals(name)) {
                    return d;
                }
            }
            return null;
        }
    }

    /** {@code kube-admin} (1000, Pass), {@code default} (1,000,000, Deny), {@code kube-baseline} (10,000,000, Pass). */
    public static final java.util.List<CalicoTier> BUILT_IN = java.util.List.of(
            new CalicoTier(KUBE_ADMIN, 1000.0, TierDefault.PASS, SourceRef.NONE),
            new CalicoTier(DEFAULT, 1_000_000.0, TierDefault.DENY, SourceRef.NONE),
            new CalicoTier(KUBE_BASELINE, 10_000_000.0, TierDefault.PASS, SourceRef.NONE));

    /**
     * The name Calico means: the 3.29–3.31 names of the built-in tiers, {@code adminnetworkpolicy} and
     * {@code baselineadminnetworkpolicy}, are read as {@code kube-admin} and {@code kube-baseline}
     * <b>(choice)</b>; any other name as it is.
     */
    public static String canonicalName(String name) {
        return switch (name) {
            case "adminnetworkpolicy" -> KUBE_ADMIN;
            case "baselineadminnetworkpolicy" -> KUBE_BASELINE;
            default -> name;
        };
    }

    /** The built-in tier of this name, or null. */
    public static CalicoTier builtIn(String name) {
        for (CalicoTier t : BUILT_IN) {
            if (t.name.equals(name)) {
                return t;
            }
        }
        return null;
    }

    /** The walk's order of tiers: by order (absent last), then name. */
    public static final java.util.Comparator<CalicoTier> WALK_ORDER = java.util.Comparator
            .comparing((CalicoTier t) -> t.order() == null ? Double.POSITIVE_INFINITY : t.order())
            .thenComparing(CalicoTier::name);

    /** {@code Tier/<name>}: how output names it. */
    public String id() {
        return "Tier/" + name;
    }
}
