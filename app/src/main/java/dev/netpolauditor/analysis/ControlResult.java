package dev.netpolauditor.analysis;

import java.util.List;

/**
 * A control passes when no open finding of a rule that gives evidence for it exists, and, for a
 * control judged on something else (PCI DSS v4 1.2.7 on the periodic reviews), when that is met:
 * {@code basis} says what it is judged on and {@code unmet} why it fails (null when it passes);
 * both are null for a control judged on findings alone.
 */
public record ControlResult(Control control, List<String> rules, List<Finding> failing, String basis, String unmet) {
    public ControlResult {
        rules = List.copyOf(rules);
        failing = List.copyOf(failing);
    }

    /** A control judged on findings alone. */
    public ControlResult(Control control, List<String> rules, List<Finding> failing) {
        this(control, rules, failing, null, null);
    }

    public boolean passed() {
        return failing.isEmpty() && unmet == null;
    }
}
