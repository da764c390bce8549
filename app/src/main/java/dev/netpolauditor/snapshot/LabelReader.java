package dev.netpolauditor.snapshot;

import dev.netpolauditor.model.LabelSelector;
import dev.netpolauditor.model.SelectorOperator;
import dev.netpolauditor.model.SelectorRequirement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads label maps and label selectors, validated as the API server validates them. */
final class LabelReader {
    private LabelReader() {}

    /** A label map ({@code metadata.labels}, {@code matchLabels}); absent is empty. */
    static Map<String, String> labels(Field field) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (Map.Entry<String, Field> e : field.entries()) {
            String key = e.getKey();
            Field value = e.getValue();
            String keyProblem = KubeNames.labelKeyProblem(key);
            if (keyProblem != null) {
                throw value.invalid(keyProblem);
            }
            labels.put(key, labelValue(value));
        }
        return labels;
    }

    /** A present selector; {@code {}} is the empty selector, which matches everything. */
    static LabelSelector selector(Field field) {
        Map<String, String> matchLabels = labels(field.get("matchLabels"));
        List<SelectorRequirement> expressions = new ArrayList<>();
        for (Field expression : field.get("matchExpressions").items()) {
            expressions.add(requirement(expression));
        }
        return new LabelSelector(matchLabels, expressions);
    }

    private static SelectorRequirement requirement(Field expression) {
        Field keyField = expression.get("key");
        String key = keyField.requiredString();
        String keyProblem = KubeNames.labelKeyProblem(key);
        if (keyProblem != null) {
            throw keyField.invalid(keyProblem);
        }
        Field operatorField = expression.get("operator");
        String operatorName = operatorField.requiredString();
        SelectorOperator operator = SelectorOperator.byName(operatorName);
        if (operator == null) {
            throw operatorField.invalid("unknown operator " + Field.quote(operatorName)
                    + ", expected In, NotIn, Exists or DoesNotExist");
        }
        Field valuesField = expression.get("values");
        List<String> values = new ArrayList<>();
        for (Field value : valuesField.items()) {
            values.add(labelValue(value));
        }
        switch (operator) {
            case In, NotIn -> {
                if (values.isEmpty()) {
                    throw valuesField.invalid("operator " + operator + " needs at least one value");
                }
            }
            case Exists, DoesNotExist -> {
                if (!values.isEmpty()) {
                    throw valuesField.invalid("operator " + operator + " takes no values");
                }
            }
        }
        return new SelectorRequirement(key, operator, values);
    }

    /** Label values are strings: unquoted {@code 1}, {@code true} or {@code yes} in YAML are not. */
    private static String labelValue(Field field) {
        if (!(field.value() instanceof String value)) {
            throw field.invalid("label value must be a string, got " + Field.describe(field.value())
                    + " (quote it)");
        }
        String problem = KubeNames.labelValueProblem(value);
        if (problem != null) {
            throw field.invalid(problem);
        }
        return value;
    }
}
