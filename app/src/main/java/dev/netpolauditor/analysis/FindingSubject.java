package dev.netpolauditor.analysis;

import java.util.Objects;

/**
 * What a finding is about: one case per kind of subject in the catalog (findings.md, "subject"
 * column; cni-policies.md adds tiers, API groups and settings). Code that needs a part of the
 * subject (the tenants of a pair, the policy of a location) takes it from the value; only
 * {@link #text()} is the contract's form (JSON, CSV, SARIF, history identity), and
 * {@link Kind#read} the one place that turns stored text back into a value.
 */
public sealed interface FindingSubject {

    /**
     * The contract's text of the subject: {@code prod/db ingress[0]}, {@code a -> b},
     * {@code cluster}. Every case's {@code toString()} is this text too, so that a subject
     * written into a message reads as the contract writes it.
     */
    String text();

    Kind kind();

    /** A pod or workload template, by its name in its namespace (the finding's namespace). */
    record Endpoint(String name) implements FindingSubject {
        public Endpoint {
            Objects.requireNonNull(name);
        }

        @Override
        public String text() {
            return name;
        }

        @Override
        public Kind kind() {
            return Kind.ENDPOINT;
        }

        @Override
        public String toString() {
            return text();
        }
    }

    record Namespace(String name) implements FindingSubject {
        public Namespace {
            Objects.requireNonNull(name);
        }

        @Override
        public String text() {
            return name;
        }

        @Override
        public Kind kind() {
            return Kind.NAMESPACE;
        }

        @Override
        public String toString() {
            return text();
        }
    }

    /** A whole policy, by its id ({@code prod/db}, {@code AdminNetworkPolicy/guard}). */
    record Policy(String id) implements FindingSubject {
        public Policy {
            Objects.requireNonNull(id);
        }

        @Override
        public String text() {
            return id;
        }

        @Override
        public Kind kind() {
            return Kind.POLICY;
        }

        @Override
        public String toString() {
            return text();
        }
    }

    /**
     * A part of a policy: {@code part} is the path findings.md writes after the policy id
     * ({@code ingress[0].from[1]}, {@code egress}); empty for the policy as a whole.
     */
    record PolicyLocation(String policy, String part) implements FindingSubject {
        public PolicyLocation {
            Objects.requireNonNull(policy);
            Objects.requireNonNull(part);
        }

        @Override
        public String text() {
            return part.isEmpty() ? policy : policy + " " + part;
        }

        @Override
        public Kind kind() {
            return Kind.POLICY_LOCATION;
        }

        @Override
        public String toString() {
            return text();
        }
    }

    /** Two policies whose relative order is the finding, {@code first} before {@code second} in string order. */
    record PolicyPair(String first, String second) implements FindingSubject {
        public PolicyPair {
            Objects.requireNonNull(first);
            Objects.requireNonNull(second);
        }

        @Override
        public String text() {
            return first + PAIR + second;
        }

        @Override
        public Kind kind() {
            return Kind.POLICY_PAIR;
        }

        @Override
        public String toString() {
            return text();
        }
    }

    /** An ordered pair of tenants: endpoints of {@code from} reach endpoints of {@code to}. */
    record TenantPair(String from, String to) implements FindingSubject {
        public TenantPair {
            Objects.requireNonNull(from);
            Objects.requireNonNull(to);
        }

        @Override
        public String text() {
            return from + ARROW + to;
        }

        @Override
        public Kind kind() {
            return Kind.TENANT_PAIR;
        }

        @Override
        public String toString() {
            return text();
        }

        /** Whether either end is one of {@code tenants}. */
        public boolean concernsAny(java.util.Collection<String> tenants) {
            return tenants.contains(from) || tenants.contains(to);
        }
    }

    /** The cluster as a whole (its network plugin, its settings taken together). */
    record Cluster() implements FindingSubject {
        @Override
        public String text() {
            return "cluster";
        }

        @Override
        public Kind kind() {
            return Kind.CLUSTER;
        }

        @Override
        public String toString() {
            return text();
        }
    }

    /** A policy tier of a network plugin (Calico's {@code Tier}). */
    record Tier(String name) implements FindingSubject {
        public Tier {
            Objects.requireNonNull(name);
        }

        @Override
        public String text() {
            return name;
        }

        @Override
        public Kind kind() {
            return Kind.TIER;
        }

        @Override
        public String toString() {
            return text();
        }
    }

    /** Two tiers whose relative order is the finding. */
    record TierPair(String first, String second) implements FindingSubject {
        public TierPair {
            Objects.requireNonNull(first);
            Objects.requireNonNull(second);
        }

        @Override
        public String text() {
            return first + PAIR + second;
        }

        @Override
        public Kind kind() {
            return Kind.TIER_PAIR;
        }

        @Override
        public String toString() {
            return text();
        }
    }

    /** An API group of policy kinds ({@code projectcalico.org/v3}). */
    record ApiGroup(String name) implements FindingSubject {
        public ApiGroup {
            Objects.requireNonNull(name);
        }

        @Override
        public String text() {
            return name;
        }

        @Override
        public Kind kind() {
            return Kind.API_GROUP;
        }

        @Override
        public String toString() {
            return text();
        }
    }

    /** A setting of the network plugin ({@code cilium-config enable-policy}). */
    record Setting(String name) implements FindingSubject {
        public Setting {
            Objects.requireNonNull(name);
        }

        @Override
        public String text() {
            return name;
        }

        @Override
        public Kind kind() {
            return Kind.SETTING;
        }

        @Override
        public String toString() {
            return text();
        }
    }

    String ARROW = " -> ";
    String PAIR = " | ";
    Cluster CLUSTER = new Cluster();

    /** The kinds of subject, as the catalog gives one per rule. */
    enum Kind {
        ENDPOINT, NAMESPACE, POLICY, POLICY_LOCATION, POLICY_PAIR, TENANT_PAIR, CLUSTER, TIER, TIER_PAIR, API_GROUP,
        SETTING;

        /**
         * The subject of this kind whose {@link FindingSubject#text() text} is {@code text}: how a
         * stored finding gets its value back. Every text this kind writes reads back to an equal
         * value (names and policy ids hold no spaces; tenant names are label values).
         *
         * @throws IllegalArgumentException when {@code text} is not of this kind (a corrupt row)
         */
        public FindingSubject read(String text) {
            return switch (this) {
                case ENDPOINT -> new Endpoint(text);
                case NAMESPACE -> new Namespace(text);
                case POLICY -> new Policy(text);
                case POLICY_LOCATION -> {
                    int space = text.indexOf(' ');
                    yield space < 0 ? new PolicyLocation(text, "")
                            : new PolicyLocation(text.substring(0, space), text.substring(space + 1));
                }
                case POLICY_PAIR -> {
                    String[] pair = split(text, PAIR);
                    yield new PolicyPair(pair[0], pair[1]);
                }
                case TENANT_PAIR -> {
                    String[] pair = split(text, ARROW);
                    yield new TenantPair(pair[0], pair[1]);
                }
                case CLUSTER -> {
                    if (!text.equals(FindingSubject.CLUSTER.text())) {
                        throw new IllegalArgumentException("'" + text + "' is not the cluster subject");
                    }
                    yield FindingSubject.CLUSTER;
                }
                case TIER -> new Tier(text);
                case TIER_PAIR -> {
                    String[] pair = split(text, PAIR);
                    yield new TierPair(pair[0], pair[1]);
                }
                case API_GROUP -> new ApiGroup(text);
                case SETTING -> new Setting(text);
            };
        }

        private String[] split(String text, String separator) {
            int at = text.indexOf(separator);
            if (at < 0) {
                throw new IllegalArgumentException("'" + text + "' is not a " + name().toLowerCase(java.util.Locale.ROOT)
                        .replace('_', ' ') + " subject");
            }
            return new String[] {text.substring(0, at), text.substring(at + separator.length())};
        }
    }
}
