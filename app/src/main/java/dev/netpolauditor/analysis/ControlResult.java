package dev.netpolauditor.analysis;

import java.util.List;

/** A control passes when no open finding of a rule that gives evidence for it exists. */
public record ControlResult(Control control, List<String> rules, List<Finding> failing) {
    public ControlResult {
        rules = List.copyOf(rules);
        failing = List.copyOf(failing);
    }

    public boolean passed() {
        return failing.isEmpty();
    }
}
