package dev.netpolauditor.analysis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The exceptions of a stored analysis' settings, as its findings are read back: the exception
 * that decided a finding is stored as its position in those settings, and the others that match
 * the finding too (a file's and a service's may both) are found again in them, which gives what
 * the analysis saw. Settings that were not kept (analyses stored before they were) have none.
 */
public final class FrozenExceptions {
    private final List<FindingException> exceptions;
    /** Positions by rule: an exception only ever matches findings of its own rule. */
    private final Map<String, List<Integer>> byRule = new HashMap<>();

    private FrozenExceptions(List<FindingException> exceptions) {
        this.exceptions = exceptions;
        for (int i = 0; i < exceptions.size(); i++) {
            byRule.computeIfAbsent(exceptions.get(i).rule(), r -> new ArrayList<>()).add(i);
        }
    }

    /** The exceptions of {@code settings}; none when {@code settings} is null (not kept). */
    public static FrozenExceptions of(AnalysisSettings settings) {
        return new FrozenExceptions(settings == null ? List.of() : settings.exceptions());
    }

    /** The exception stored as having decided a finding, by its position; null for none, or one not in the settings. */
    public FindingException decided(Integer index) {
        return index == null || index < 0 || index >= exceptions.size() ? null : exceptions.get(index);
    }

    /**
     * The exceptions other than the deciding one (at {@code index}, null for none) that match a
     * finding of {@code rule} about {@code subject}, in the settings' order.
     */
    public List<FindingException> others(String rule, String subject, Integer index) {
        List<FindingException> others = new ArrayList<>();
        for (int i : byRule.getOrDefault(rule, List.of())) {
            if ((index == null || i != index) && exceptions.get(i).matches(rule, subject)) {
                others.add(exceptions.get(i));
            }
        }
        return others;
    }
}
