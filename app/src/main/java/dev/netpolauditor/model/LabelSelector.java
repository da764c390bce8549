package dev.netpolauditor.model;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A label selector: {@code matchLabels} and {@code matchExpressions}, ANDed. The empty
 * selector matches everything. (An absent selector is represented by null where the
 * difference matters, see {@link Peer.Selectors}.)
 */
public record LabelSelector(Map<String, String> matchLabels, List<SelectorRequirement> matchExpressions) {
    public static final LabelSelector EVERYTHING = new LabelSelector(Map.of(), List.of());

    public LabelSelector {
        matchLabels = Labels.copy(matchLabels);
        matchExpressions = List.copyOf(matchExpressions);
    }

    public boolean isEmpty() {
        return matchLabels.isEmpty() && matchExpressions.isEmpty();
    }

    public boolean matches(Map<String, String> labels) {
        for (Map.Entry<String, String> e : matchLabels.entrySet()) {
            if (!e.getValue().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        for (SelectorRequirement r : matchExpressions) {
            if (!r.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    /** Every label key this selector reads. */
    public Set<String> keys() {
        Set<String> keys = new TreeSet<>(matchLabels.keySet());
        for (SelectorRequirement r : matchExpressions) {
            keys.add(r.key());
        }
        return keys;
    }
}
