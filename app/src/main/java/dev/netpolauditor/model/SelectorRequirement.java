package dev.netpolauditor.model;

import java.util.List;
import java.util.Map;

/** One entry of {@code matchExpressions}. */
public record SelectorRequirement(String key, SelectorOperator operator, List<String> values) {
    public SelectorRequirement {
        values = List.copyOf(values);
    }

    public boolean matches(Map<String, String> labels) {
        String value = labels.get(key);
        return switch (operator) {
            case In -> value != null && values.contains(value);
            case NotIn -> value == null || !values.contains(value);
            case Exists -> value != null;
            case DoesNotExist -> value == null;
        };
    }
}
