package dev.netpolauditor.engine;

import dev.netpolauditor.model.PolicyTier;
import dev.netpolauditor.model.PortSet;
import dev.netpolauditor.model.RuleAction;
import java.util.List;

/**
 * One side of a connection over all ports: the source's egress or the destination's ingress,
 * decided tier by tier (semantics.md, "Deciding one side of a connection"): the Admin tier's
 * rules in order, then the NetworkPolicies when they isolate the endpoint, then the Baseline
 * tier's rules, then allowed.
 *
 * <p>{@code decisions} cover every port once, each part with who decided it (and the Pass rule
 * that sent it on, if any). {@code isolatingPolicies} and {@code contributions} are the
 * NetworkPolicy tier's: the v1 policies isolating the endpoint in this direction (empty when
 * none does) and each of their rules that admits something, with the ports it admits, in
 * policy and rule order — whether or not a cluster-tier rule decided those ports first.
 * {@code clusterPolicies} are the cluster-tier policies whose subject selects the endpoint with
 * rules in this direction, in the order they are checked; in a network plugin's model, every
 * policy of the tiers that apply to the endpoint. {@code models} are the models that decided the
 * side (cni-policies.md): the Kubernetes tiers, Calico's tier walk, Cilium's pool, or both
 * plugins' (a port is allowed when both allow it).
 */
public record SideExplanation(boolean applicable, List<String> isolatingPolicies, List<Contribution> contributions,
        PortSet allowed, List<Decision> decisions, List<String> clusterPolicies, List<SideModel> models) {

    /** A NetworkPolicy rule and the ports it admits for this connection. */
    public record Contribution(RuleRef rule, PortSet ports) {}

    /** Some ports of this side and who decided them; {@code passedBy} the Pass rule that left them to a later tier. */
    public record Decision(PortSet ports, Decider by, RuleRef passedBy) {
        public boolean allows() {
            return by.allows();
        }
    }

    /** Who decides ports of one side. */
    public sealed interface Decider {
        boolean allows();

        /** A cluster-tier rule matched first: Accept allows, Deny denies. */
        record ClusterRule(RuleRef rule, PolicyTier tier, RuleAction action) implements Decider {
            public boolean allows() {
                return action == RuleAction.ACCEPT;
            }
        }

        /** NetworkPolicies isolate the endpoint: their rules allow these ports, or none of them does. */
        record NetworkPolicies(boolean allows) implements Decider {}

        /** Nothing decided (no rule matched, no NetworkPolicy isolates): allowed. */
        record NoPolicy() implements Decider {
            public boolean allows() {
                return true;
            }
        }

        /** A rule of a Calico tier matched first: Allow ({@code ACCEPT}) allows, Deny denies. */
        record TierRule(RuleRef rule, String tier, RuleAction action) implements Decider {
            public boolean allows() {
                return action == RuleAction.ACCEPT;
            }
        }

        /** A Calico tier applies and none of its rules decided: its {@code defaultAction} Deny. */
        record TierDefault(String tier) implements Decider {
            public boolean allows() {
                return false;
            }
        }

        /** No Calico tier decided: the namespace profile {@code kns.<ns>} allows. */
        record Profile(String namespace) implements Decider {
            public boolean allows() {
                return true;
            }
        }

        /** A deny entry of a Cilium rule selecting the endpoint matched: deny wins over every allow of the pool. */
        record CiliumDeny(RuleRef rule) implements Decider {
            public boolean allows() {
                return false;
            }
        }

        /** Cilium's pool isolates the endpoint: an allow entry or NetworkPolicy rule admits these ports, or none does. */
        record Pool(boolean allows) implements Decider {}

        /** Both plugins' models allow these ports, each by its own decider. */
        record BothPlugins(Decider calico, Decider cilium) implements Decider {
            public boolean allows() {
                return true;
            }
        }
    }

    public SideExplanation {
        isolatingPolicies = List.copyOf(isolatingPolicies);
        contributions = List.copyOf(contributions);
        decisions = List.copyOf(decisions);
        clusterPolicies = List.copyOf(clusterPolicies);
        models = List.copyOf(models);
    }

    /** A side the Kubernetes tiers decided. */
    public SideExplanation(boolean applicable, List<String> isolatingPolicies, List<Contribution> contributions,
            PortSet allowed, List<Decision> decisions, List<String> clusterPolicies) {
        this(applicable, isolatingPolicies, contributions, allowed, decisions, clusterPolicies,
                List.of(SideModel.KUBERNETES));
    }

    /** A side decided by NetworkPolicies alone (no cluster-tier rule matched). */
    public SideExplanation(boolean applicable, List<String> isolatingPolicies, List<Contribution> contributions,
            PortSet allowed) {
        this(applicable, isolatingPolicies, contributions, allowed, isolatingPolicies.isEmpty()
                ? List.of(new Decision(PortSet.ALL, new Decider.NoPolicy(), null))
                : v1Only(allowed), List.of());
    }

    private static List<Decision> v1Only(PortSet allowed) {
        List<Decision> out = new java.util.ArrayList<>();
        if (!allowed.isEmpty()) {
            out.add(new Decision(allowed, new Decider.NetworkPolicies(true), null));
        }
        PortSet refused = PortSet.ALL.minus(allowed);
        if (!refused.isEmpty()) {
            out.add(new Decision(refused, new Decider.NetworkPolicies(false), null));
        }
        return out;
    }

    /** Whether NetworkPolicies isolate the endpoint in this direction. */
    public boolean isolated() {
        return !isolatingPolicies.isEmpty();
    }

    /** Whether cluster-tier policies apply to this side (their rules may or may not have matched), or a plugin's tiers decide it. */
    public boolean clusterTier() {
        return !clusterPolicies.isEmpty() || plugin();
    }

    /** Whether a network plugin's model (Calico's, Cilium's) decided this side. */
    public boolean plugin() {
        return !models.equals(List.of(SideModel.KUBERNETES));
    }

    /** The side of an IP endpoint: it has no policies; the other side decides alone. */
    static SideExplanation notApplicable() {
        return new SideExplanation(false, List.of(), List.of(), PortSet.ALL,
                List.of(new Decision(PortSet.ALL, new Decider.NoPolicy(), null)), List.of());
    }
}
