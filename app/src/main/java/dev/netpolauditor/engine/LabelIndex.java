package dev.netpolauditor.engine;

import dev.netpolauditor.model.LabelSelector;
import dev.netpolauditor.model.SelectorRequirement;
import dev.netpolauditor.model.calico.CalicoSelector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Items (member groups, or namespaces) by their own labels, so that a selector is evaluated only
 * on the items that can match it: one that requires {@code key == 'value'}, {@code key in {...}}
 * or {@code has(key)} can match only items with that label. Without it every Calico policy's
 * selectors were evaluated on every member group and every namespace of the cluster (1,700
 * policies × 45,000 groups and 10,000 namespaces at 150,000 pods). The index narrows; the
 * selector still decides on what is left. Kubernetes label selectors ({@link LabelSelector}) are
 * narrowed alike by their {@code matchLabels} and their {@code In} and {@code Exists} terms.
 */
final class LabelIndex {
    private final Map<String, Map<String, int[]>> byValue = new HashMap<>();
    private final Map<String, int[]> byKey = new HashMap<>();
    private final Map<CalicoSelector, int[]> narrowed = new HashMap<>();
    private final Map<LabelSelector, int[]> narrowedLabels = new HashMap<>();

    /** {@code labels.get(i)}: the own labels of item i. */
    LabelIndex(List<Map<String, String>> labels) {
        Map<String, Map<String, List<Integer>>> values = new HashMap<>();
        for (int i = 0; i < labels.size(); i++) {
            int id = i;
            labels.get(i).forEach((key, value) -> values.computeIfAbsent(key, k -> new HashMap<>())
                    .computeIfAbsent(value, v -> new ArrayList<>()).add(id));
        }
        values.forEach((key, byItsValue) -> {
            Map<String, int[]> out = new HashMap<>();
            TreeSet<Integer> any = new TreeSet<>();
            byItsValue.forEach((value, ids) -> {
                out.put(value, ids.stream().mapToInt(Integer::intValue).toArray()); // ascending: added in id order
                any.addAll(ids);
            });
            byValue.put(key, out);
            byKey.put(key, any.stream().mapToInt(Integer::intValue).toArray());
        });
    }

    /**
     * The items (ascending) a Calico selector can match in Calico's view of them (of a pod,
     * {@code PipelineBuilder.calicoView}; of a namespace, {@code namespaceView}), a superset; null
     * when the selector does not narrow them (a negation, {@code all()}, or a key the view
     * answers from elsewhere than the item's own labels).
     */
    int[] candidates(CalicoSelector selector) {
        if (narrowed.containsKey(selector)) {
            return narrowed.get(selector);
        }
        int[] out = narrow(selector);
        narrowed.put(selector, out);
        return out;
    }

    /**
     * The items (ascending) a Kubernetes label selector can match by their own labels, a superset
     * (the smallest of its terms' candidates); null when no term narrows them (an empty selector,
     * only {@code NotIn} and {@code DoesNotExist} terms, which also match items without the key).
     */
    int[] candidates(LabelSelector selector) {
        if (narrowedLabels.containsKey(selector)) {
            return narrowedLabels.get(selector);
        }
        int[] smallest = null;
        for (Map.Entry<String, String> e : selector.matchLabels().entrySet()) {
            smallest = smaller(smallest, withLabel(e.getKey(), e.getValue()));
        }
        for (SelectorRequirement r : selector.matchExpressions()) {
            smallest = smaller(smallest, switch (r.operator()) {
                case In -> {
                    int[] out = new int[0];
                    for (String value : r.values()) {
                        out = PipelineBuilder.union(out, withLabel(r.key(), value));
                    }
                    yield out;
                }
                case Exists -> byKey.getOrDefault(r.key(), new int[0]);
                case NotIn, DoesNotExist -> null;
            });
        }
        narrowedLabels.put(selector, smallest);
        return smallest;
    }

    /** Of two supersets of one selection (null: not narrowed), the smaller. */
    private static int[] smaller(int[] a, int[] b) {
        return a == null || (b != null && b.length < a.length) ? b : a;
    }

    private int[] narrow(CalicoSelector selector) {
        return switch (selector) {
            case CalicoSelector.Has h -> own(h.key()) ? byKey.getOrDefault(h.key(), new int[0]) : null;
            case CalicoSelector.Comparison c -> !own(c.key()) ? null : switch (c.operator()) {
                case EQUALS -> withLabel(c.key(), c.value());
                case NOT_EQUALS -> null; // also matches groups without the key
                case CONTAINS, STARTS_WITH, ENDS_WITH -> byKey.getOrDefault(c.key(), new int[0]);
            };
            case CalicoSelector.SetMembership s -> {
                if (!own(s.key()) || s.operator() != CalicoSelector.SetMembership.Operator.IN) {
                    yield null;
                }
                int[] out = new int[0];
                for (String value : s.values()) {
                    out = PipelineBuilder.union(out, withLabel(s.key(), value));
                }
                yield out;
            }
            case CalicoSelector.And a -> {
                int[] smallest = null;
                for (CalicoSelector term : a.terms()) {
                    int[] c = narrow(term);
                    if (c != null && (smallest == null || c.length < smallest.length)) {
                        smallest = c;
                    }
                }
                yield smallest;
            }
            case CalicoSelector.Or o -> {
                int[] out = new int[0];
                for (CalicoSelector term : o.terms()) {
                    int[] c = narrow(term);
                    if (c == null) {
                        yield null;
                    }
                    out = PipelineBuilder.union(out, c);
                }
                yield out;
            }
            case CalicoSelector.All x -> null;
            case CalicoSelector.Global x -> null;
            case CalicoSelector.Not x -> null;
        };
    }

    private int[] withLabel(String key, String value) {
        return byValue.getOrDefault(key, Map.of()).getOrDefault(value, new int[0]);
    }

    /**
     * Whether Calico's view answers the key from the item's own labels alone: not its
     * {@code projectcalico.org/} keys ({@code /name} of a namespace, {@code /namespace} of a pod...),
     * nor a pod's {@code pcns.}/{@code pcsa.} keys, answered from its namespace or account when
     * the pod lacks them.
     */
    private static boolean own(String key) {
        return !key.startsWith("projectcalico.org/") && !key.startsWith("pcns.") && !key.startsWith("pcsa.");
    }
}
