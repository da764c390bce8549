package dev.netpolauditor.model;

/** Operators of {@code matchExpressions}. */
public enum SelectorOperator {
    In, NotIn, Exists, DoesNotExist;

    public static SelectorOperator byName(String name) {
        for (SelectorOperator o : values()) {
            if (o.name().equals(name)) {
                return o;
            }
        }
        return null;
    }
}
