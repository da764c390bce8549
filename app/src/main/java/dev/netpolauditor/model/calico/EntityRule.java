package dev.netpolauditor.model.calico;

import dev.netpolauditor.model.Cidr;
import java.util.List;

/**
 * A Calico rule's {@code source} or {@code destination}: criteria on one side of a connection,
 * all of which must hold (cni-policies.md, "Calico: selection and rules"). A selector that is
 * absent (or an empty string) is null; {@code serviceAccounts} and {@code services} are null
 * when absent.
 */
public record EntityRule(
        List<Cidr> nets,
        List<Cidr> notNets,
        CalicoSelector selector,
        CalicoSelector notSelector,
        CalicoSelector namespaceSelector,
        ServiceAccountMatch serviceAccounts,
        ServiceMatch services,
        List<CalicoPort> ports,
        List<CalicoPort> notPorts) {

    public static final EntityRule ANY = new EntityRule(List.of(), List.of(), null, null, null, null, null, List.of(),
            List.of());

    public EntityRule {
        nets = List.copyOf(nets);
        notNets = List.copyOf(notNets);
        ports = List.copyOf(ports);
        notPorts = List.copyOf(notPorts);
    }

    /**
     * Whether the side must be a pod, or an address inside a network set, that is in scope and
     * matches {@code selector}: a {@code selector}, {@code namespaceSelector} or
     * {@code serviceAccounts} is given (or, in a NetworkPolicy, a {@code notSelector}).
     */
    public boolean selectsEndpoints(boolean namespacedPolicy) {
        return selector != null || namespaceSelector != null || serviceAccounts != null
                || (namespacedPolicy && notSelector != null);
    }

    /** Whether nothing restricts the side's identity: no nets, notNets, selectors, service accounts or services. */
    public boolean unrestrictedPeer() {
        return nets.isEmpty() && notNets.isEmpty() && selector == null && notSelector == null
                && namespaceSelector == null && serviceAccounts == null && services == null;
    }
}
