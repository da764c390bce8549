package dev.netpolauditor.model;

import java.util.List;

/** One entry of a rule's {@code from} or {@code to}. */
public sealed interface Peer {

    /**
     * {@code podSelector} and/or {@code namespaceSelector} (at least one is non-null).
     * podSelector alone: pods of the policy's namespace; namespaceSelector alone: every pod
     * of the matching namespaces; both: matching pods in matching namespaces.
     */
    record Selectors(LabelSelector podSelector, LabelSelector namespaceSelector) implements Peer {
        public Selectors {
            if (podSelector == null && namespaceSelector == null) {
                throw new IllegalArgumentException("a selector peer needs podSelector or namespaceSelector");
            }
        }
    }

    /** IP endpoints inside {@code cidr} and inside none of {@code except}; never a pod. */
    record IpBlock(Cidr cidr, List<Cidr> except) implements Peer {
        public IpBlock {
            except = List.copyOf(except);
        }

        public boolean contains(IpAddress address) {
            if (!cidr.contains(address)) {
                return false;
            }
            for (Cidr e : except) {
                if (e.contains(address)) {
                    return false;
                }
            }
            return true;
        }
    }
}
