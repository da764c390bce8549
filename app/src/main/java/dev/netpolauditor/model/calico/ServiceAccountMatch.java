package dev.netpolauditor.model.calico;

import java.util.List;

/**
 * An entity rule's {@code serviceAccounts}: the pod's account is one of {@code names} (when
 * given) and its labels match {@code selector} (when given); the two are ANDed.
 */
public record ServiceAccountMatch(List<String> names, CalicoSelector selector) {
    public ServiceAccountMatch {
        names = List.copyOf(names);
    }
}
