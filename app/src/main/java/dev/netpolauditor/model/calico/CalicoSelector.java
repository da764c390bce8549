package dev.netpolauditor.model.calico;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * A Calico selector expression ({@code projectcalico.org/v3} {@code selector},
 * {@code namespaceSelector}, {@code serviceAccountSelector}...), one record per case of the
 * grammar in cni-policies.md, "Calico: selector expressions". Values are immutable and
 * compare by value, so {@code parse(s.print()).equals(s)} holds for every selector.
 *
 * <p>Parentheses leave no node of their own and repeated {@code !} stay as nested {@link Not}s;
 * {@code (a && b) && c} keeps its two {@link And}s, so printing reproduces the structure.
 */
public sealed interface CalicoSelector {

    /** The empty selector and {@code all()}. */
    CalicoSelector ALL = new All();

    /**
     * Parses a selector; the empty text (or only spaces and tabs) is {@link #ALL}.
     *
     * @throws CalicoSelectorException naming the position and what was expected there
     */
    static CalicoSelector parse(String text) {
        return SelectorParser.parse(text);
    }

    /**
     * Whether an endpoint with these labels matches; {@code labels.apply(key)} is the value,
     * or null when the key is absent. {@code global()} matches everything here: it only
     * changes a rule's scope, which the engine decides.
     */
    boolean matches(Function<String, String> labels);

    default boolean matches(Map<String, String> labels) {
        return matches(labels::get);
    }

    /** The canonical text: parses back to an equal value, with the fewest parentheses precedence allows. */
    default String print() {
        StringBuilder out = new StringBuilder();
        SelectorPrinter.print(this, out);
        return out.toString();
    }

    /** Whether {@code global()} occurs anywhere inside. */
    default boolean usesGlobal() {
        return switch (this) {
            case Global g -> true;
            case Not n -> n.inner().usesGlobal();
            case And a -> a.terms().stream().anyMatch(CalicoSelector::usesGlobal);
            case Or o -> o.terms().stream().anyMatch(CalicoSelector::usesGlobal);
            case All a -> false;
            case Has h -> false;
            case Comparison c -> false;
            case SetMembership m -> false;
        };
    }

    /** Exactly {@code all()} or the empty selector (not an expression that happens to match all). */
    default boolean isAll() {
        return this instanceof All;
    }

    /** The label keys this selector reads, sorted. */
    default Set<String> keys() {
        SortedSet<String> keys = new TreeSet<>();
        collectKeys(this, keys);
        return Collections.unmodifiableSortedSet(keys);
    }

    private static void collectKeys(CalicoSelector selector, Set<String> keys) {
        switch (selector) {
            case Has h -> keys.add(h.key());
            case Comparison c -> keys.add(c.key());
            case SetMembership m -> keys.add(m.key());
            case Not n -> collectKeys(n.inner(), keys);
            case And a -> a.terms().forEach(t -> collectKeys(t, keys));
            case Or o -> o.terms().forEach(t -> collectKeys(t, keys));
            case All a -> { }
            case Global g -> { }
        }
    }

    /** {@code all()}: every endpoint in scope. */
    record All() implements CalicoSelector {
        @Override
        public boolean matches(Function<String, String> labels) {
            return true;
        }
    }

    /** {@code global()}: every endpoint; in a rule's {@code namespaceSelector} it widens the scope to global sets. */
    record Global() implements CalicoSelector {
        @Override
        public boolean matches(Function<String, String> labels) {
            return true;
        }
    }

    /** {@code has(key)}: the key is present, whatever its value. */
    record Has(String key) implements CalicoSelector {
        public Has {
            SelectorText.requireLabel(key);
        }

        @Override
        public boolean matches(Function<String, String> labels) {
            return labels.apply(key) != null;
        }
    }

    /** {@code !inner}. */
    record Not(CalicoSelector inner) implements CalicoSelector {
        public Not {
            if (inner == null) {
                throw new IllegalArgumentException("a negation needs a selector to negate");
            }
        }

        @Override
        public boolean matches(Function<String, String> labels) {
            return !inner.matches(labels);
        }
    }

    /** {@code a && b && ...}: two or more terms, all of which must match. */
    record And(List<CalicoSelector> terms) implements CalicoSelector {
        public And {
            terms = List.copyOf(terms);
            if (terms.size() < 2) {
                throw new IllegalArgumentException("\"&&\" joins at least two terms, not " + terms.size());
            }
        }

        @Override
        public boolean matches(Function<String, String> labels) {
            for (CalicoSelector t : terms) {
                if (!t.matches(labels)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** {@code a || b || ...}: two or more alternatives, one of which must match. */
    record Or(List<CalicoSelector> terms) implements CalicoSelector {
        public Or {
            terms = List.copyOf(terms);
            if (terms.size() < 2) {
                throw new IllegalArgumentException("\"||\" joins at least two terms, not " + terms.size());
            }
        }

        @Override
        public boolean matches(Function<String, String> labels) {
            for (CalicoSelector t : terms) {
                if (t.matches(labels)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** {@code key <operator> 'value'}. */
    record Comparison(String key, Operator operator, String value) implements CalicoSelector {
        public enum Operator {
            /** {@code ==}: present with exactly this value. */
            EQUALS("=="),
            /** {@code !=}: absent, or present with another value. */
            NOT_EQUALS("!="),
            /** {@code contains}: present with a value containing this one. */
            CONTAINS("contains"),
            /** {@code starts with} (also {@code startswith}). */
            STARTS_WITH("starts with"),
            /** {@code ends with} (also {@code endswith}). */
            ENDS_WITH("ends with");

            private final String text;

            Operator(String text) {
                this.text = text;
            }

            /** As the canonical text writes it. */
            public String text() {
                return text;
            }
        }

        public Comparison {
            SelectorText.requireLabel(key);
            if (operator == null) {
                throw new IllegalArgumentException("a comparison needs an operator");
            }
            SelectorText.requireQuotable(value);
        }

        @Override
        public boolean matches(Function<String, String> labels) {
            String actual = labels.apply(key);
            return switch (operator) {
                case EQUALS -> actual != null && actual.equals(value);
                case NOT_EQUALS -> actual == null || !actual.equals(value);
                case CONTAINS -> actual != null && actual.contains(value);
                case STARTS_WITH -> actual != null && actual.startsWith(value);
                case ENDS_WITH -> actual != null && actual.endsWith(value);
            };
        }
    }

    /** {@code key in {'a', 'b'}} or {@code key not in {...}}; the values are a set (order and repeats do not count). */
    record SetMembership(String key, Operator operator, Set<String> values) implements CalicoSelector {
        public enum Operator {
            /** {@code in}: present with one of the values. */
            IN("in"),
            /** {@code not in} (also {@code notin}): absent, or present with none of the values. */
            NOT_IN("not in");

            private final String text;

            Operator(String text) {
                this.text = text;
            }

            /** As the canonical text writes it. */
            public String text() {
                return text;
            }
        }

        public SetMembership {
            SelectorText.requireLabel(key);
            if (operator == null) {
                throw new IllegalArgumentException("a set membership needs an operator");
            }
            SortedSet<String> sorted = new TreeSet<>();
            for (String v : values) {
                SelectorText.requireQuotable(v);
                sorted.add(v);
            }
            values = Collections.unmodifiableSortedSet(sorted);
        }

        @Override
        public boolean matches(Function<String, String> labels) {
            String actual = labels.apply(key);
            return switch (operator) {
                case IN -> actual != null && values.contains(actual);
                case NOT_IN -> actual == null || !values.contains(actual);
            };
        }
    }
}
