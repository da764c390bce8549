package dev.netpolauditor.model.calico;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netpolauditor.model.calico.CalicoSelector.All;
import dev.netpolauditor.model.calico.CalicoSelector.And;
import dev.netpolauditor.model.calico.CalicoSelector.Comparison;
import dev.netpolauditor.model.calico.CalicoSelector.Global;
import dev.netpolauditor.model.calico.CalicoSelector.Has;
import dev.netpolauditor.model.calico.CalicoSelector.Not;
import dev.netpolauditor.model.calico.CalicoSelector.Or;
import dev.netpolauditor.model.calico.CalicoSelector.SetMembership;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Random selector values: their canonical text and any other spelling the grammar allows
 * parse back to them, and matching obeys the laws of the language (De Morgan, double
 * negation, the key-present rules, the set as a disjunction) and reads only {@code keys()}.
 * Keys include the grammar's keywords; values include both quotes, operators and line breaks.
 */
class CalicoSelectorProperties {
    private static final List<String> KEYS = List.of(
            "app", "tier", "in", "not", "contains", "starts", "with", "has", "all", "global",
            "projectcalico.org/namespace", "a-b_c.d/e", "0", "k".repeat(512));
    private static final List<String> VALUES = List.of(
            "", "web", "we", "eb", "w", "it's", "say \"hi\"", " ", "a && b || !(c)", "{,}", "x\ny\tz", "==");

    // ---- generators

    @Provide
    Arbitrary<CalicoSelector> selectors() {
        return selectors(3);
    }

    private Arbitrary<CalicoSelector> selectors(int depth) {
        if (depth == 0) {
            return leaves();
        }
        Arbitrary<CalicoSelector> inner = Arbitraries.lazy(() -> selectors(depth - 1));
        return Arbitraries.frequencyOf(
                Tuple.of(4, leaves()),
                Tuple.of(1, inner.map(Not::new)),
                Tuple.of(2, inner.list().ofMinSize(2).ofMaxSize(3).map(And::new)),
                Tuple.of(2, inner.list().ofMinSize(2).ofMaxSize(3).map(Or::new)));
    }

    private Arbitrary<CalicoSelector> leaves() {
        Arbitrary<String> key = Arbitraries.of(KEYS);
        Arbitrary<String> value = Arbitraries.of(VALUES);
        return Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(new All())),
                Tuple.of(1, Arbitraries.just(new Global())),
                Tuple.of(2, key.map(Has::new)),
                Tuple.of(6, Combinators.combine(key, Arbitraries.of(Comparison.Operator.class), value)
                        .as(Comparison::new)),
                Tuple.of(3, Combinators.combine(key, Arbitraries.of(SetMembership.Operator.class),
                        value.set().ofMaxSize(3)).as(SetMembership::new)));
    }

    /** Labels over the same keys and values, so selectors hit and miss both. */
    @Provide
    Arbitrary<Map<String, String>> labels() {
        return Arbitraries.maps(Arbitraries.of(KEYS), Arbitraries.of(VALUES)).ofMaxSize(KEYS.size());
    }

    // ---- text

    @Property
    void theCanonicalTextParsesBackToTheSameValue(@ForAll("selectors") CalicoSelector s) {
        String text = s.print();
        assertEquals(s, CalicoSelector.parse(text), text);
        assertEquals(text, CalicoSelector.parse(text).print());
    }

    @Property
    void everySpellingTheGrammarAllowsParsesToTheSameValue(@ForAll("selectors") CalicoSelector s,
            @ForAll Random random) {
        String text = new LooseWriter(random).write(s);
        assertEquals(s, CalicoSelector.parse(text), text);
    }

    @Property
    void aCutTextParsesOrFailsAtAPositionInsideIt(@ForAll("selectors") CalicoSelector s, @ForAll Random random) {
        String text = s.print();
        if (text.length() < 2 || s instanceof All) {
            return;
        }
        String cut = text.substring(0, 1 + random.nextInt(text.length() - 1));
        try {
            CalicoSelector.parse(cut);
        } catch (CalicoSelectorException e) {
            assertEquals(cut, e.expression());
            assertFalse(e.position() < 0 || e.position() > cut.length(), e.getMessage());
        }
    }

    // ---- matching

    @Property
    void deMorganHolds(@ForAll("selectors") CalicoSelector a, @ForAll("selectors") CalicoSelector b,
            @ForAll("labels") Map<String, String> labels) {
        assertEquals(new Not(new And(List.of(a, b))).matches(labels),
                new Or(List.of(new Not(a), new Not(b))).matches(labels));
        assertEquals(new Not(new Or(List.of(a, b))).matches(labels),
                new And(List.of(new Not(a), new Not(b))).matches(labels));
    }

    @Property
    void doubleNegationIsTheSelectorItself(@ForAll("selectors") CalicoSelector s,
            @ForAll("labels") Map<String, String> labels) {
        assertEquals(s.matches(labels), new Not(new Not(s)).matches(labels));
        assertEquals(!s.matches(labels), new Not(s).matches(labels));
    }

    @Property
    void theNegativeOperatorsAreTheNegationsOfThePositiveOnes(@ForAll("keys") String key,
            @ForAll("values") String value, @ForAll("valueSets") Set<String> values,
            @ForAll("labels") Map<String, String> labels) {
        assertEquals(!new Comparison(key, Comparison.Operator.EQUALS, value).matches(labels),
                new Comparison(key, Comparison.Operator.NOT_EQUALS, value).matches(labels));
        assertEquals(!new SetMembership(key, SetMembership.Operator.IN, values).matches(labels),
                new SetMembership(key, SetMembership.Operator.NOT_IN, values).matches(labels));
    }

    @Property
    void positiveOperatorsNeedTheKeyAndNegativeOnesHoldWithoutIt(@ForAll("selectors") CalicoSelector s,
            @ForAll("labels") Map<String, String> labels) {
        if (!(s instanceof Comparison || s instanceof SetMembership || s instanceof Has)) {
            return;
        }
        String key = s.keys().iterator().next();
        Map<String, String> without = new HashMap<>(labels);
        without.remove(key);
        boolean negative = s instanceof Comparison c && c.operator() == Comparison.Operator.NOT_EQUALS
                || s instanceof SetMembership m && m.operator() == SetMembership.Operator.NOT_IN;
        assertEquals(negative, s.matches(without), s.print());
    }

    @Property
    void aSetIsTheDisjunctionOfItsEqualities(@ForAll("keys") String key, @ForAll("valueSets") Set<String> values,
            @ForAll("labels") Map<String, String> labels) {
        boolean any = false;
        for (String v : values) {
            any |= new Comparison(key, Comparison.Operator.EQUALS, v).matches(labels);
        }
        assertEquals(any, new SetMembership(key, SetMembership.Operator.IN, values).matches(labels));
    }

    @Property
    void theComparisonsAgreeWithEachOther(@ForAll("keys") String key, @ForAll("values") String value,
            @ForAll("labels") Map<String, String> labels) {
        boolean equal = new Comparison(key, Comparison.Operator.EQUALS, value).matches(labels);
        boolean starts = new Comparison(key, Comparison.Operator.STARTS_WITH, value).matches(labels);
        boolean ends = new Comparison(key, Comparison.Operator.ENDS_WITH, value).matches(labels);
        boolean contains = new Comparison(key, Comparison.Operator.CONTAINS, value).matches(labels);
        boolean present = new Has(key).matches(labels);
        if (equal) {
            assertEquals(List.of(true, true, true), List.of(starts, ends, contains));
        }
        if (starts || ends) {
            assertTrue(contains);
        }
        if (contains) {
            assertTrue(present);
        }
        assertEquals(present, new Comparison(key, Comparison.Operator.STARTS_WITH, "").matches(labels));
    }

    @Property
    void onlyTheKeysAreRead(@ForAll("selectors") CalicoSelector s, @ForAll("labels") Map<String, String> labels,
            @ForAll("labels") Map<String, String> noise) {
        Set<String> keys = s.keys();
        Map<String, String> mixed = new HashMap<>(noise);
        mixed.keySet().removeAll(keys);
        for (String k : keys) {
            if (labels.containsKey(k)) {
                mixed.put(k, labels.get(k));
            }
        }
        assertEquals(s.matches(labels), s.matches(mixed), s.print());
        List<String> read = new ArrayList<>();
        s.matches(k -> {
            read.add(k);
            return labels.get(k);
        });
        assertTrue(keys.containsAll(read), s.print());
    }

    @Provide
    Arbitrary<String> keys() {
        return Arbitraries.of(KEYS);
    }

    @Provide
    Arbitrary<String> values() {
        return Arbitraries.of(VALUES);
    }

    @Provide
    Arbitrary<Set<String>> valueSets() {
        return Arbitraries.of(VALUES).set().ofMaxSize(4);
    }

    /**
     * Writes a selector in any spelling the grammar allows, independently of the production
     * printer: random spaces and tabs between tokens (or none where tokens cannot merge),
     * extra parentheses, either quote, {@code startswith}/{@code starts  with}, {@code notin},
     * trailing commas and repeated set values.
     */
    private static final class LooseWriter {
        private final Random random;
        private final StringBuilder out = new StringBuilder();

        LooseWriter(Random random) {
            this.random = random;
        }

        String write(CalicoSelector s) {
            space();
            term(s, false);
            space();
            return out.toString();
        }

        private void term(CalicoSelector s, boolean mustWrap) {
            boolean wrap = mustWrap || random.nextInt(5) == 0;
            if (wrap) {
                out.append('(');
                space();
            }
            switch (s) {
                case All a -> out.append("all(").append(spaces()).append(')');
                case Global g -> out.append("global(").append(spaces()).append(')');
                case Has h -> out.append("has(").append(spaces()).append(h.key()).append(spaces()).append(')');
                case Not n -> {
                    out.append('!');
                    space();
                    term(n.inner(), n.inner() instanceof And || n.inner() instanceof Or);
                }
                case And a -> join(a.terms(), "&&", t -> t instanceof And || t instanceof Or);
                case Or o -> join(o.terms(), "||", t -> t instanceof Or);
                case Comparison c -> {
                    out.append(c.key());
                    switch (c.operator()) {
                        case EQUALS -> out.append(spaces()).append("==").append(spaces());
                        case NOT_EQUALS -> out.append(spaces()).append("!=").append(spaces());
                        case CONTAINS -> out.append(someSpaces()).append("contains").append(spaces());
                        case STARTS_WITH -> out.append(someSpaces()).append("starts").append(spaces())
                                .append("with").append(spaces());
                        case ENDS_WITH -> out.append(someSpaces()).append("ends").append(spaces())
                                .append("with").append(spaces());
                    }
                    out.append(quoted(c.value()));
                }
                case SetMembership m -> {
                    out.append(m.key()).append(someSpaces());
                    if (m.operator() == SetMembership.Operator.NOT_IN) {
                        out.append("not").append(spaces());
                    }
                    out.append("in").append(spaces()).append('{').append(spaces());
                    List<String> values = new ArrayList<>(m.values());
                    if (!values.isEmpty() && random.nextBoolean()) {
                        values.add(values.get(random.nextInt(values.size())));
                    }
                    Collections.shuffle(values, random);
                    for (int i = 0; i < values.size(); i++) {
                        out.append(quoted(values.get(i))).append(spaces());
                        if (i < values.size() - 1 || random.nextBoolean()) {
                            out.append(',').append(spaces());
                        }
                    }
                    out.append('}');
                }
            }
            if (wrap) {
                space();
                out.append(')');
            }
        }

        private void join(List<CalicoSelector> terms, String operator,
                Predicate<CalicoSelector> mustWrap) {
            for (int i = 0; i < terms.size(); i++) {
                if (i > 0) {
                    space();
                    out.append(operator);
                    space();
                }
                term(terms.get(i), mustWrap.test(terms.get(i)));
            }
        }

        private String quoted(String value) {
            boolean single = value.contains("\"") || !value.contains("'") && random.nextBoolean();
            char q = single ? '\'' : '"';
            return q + value + q;
        }

        private void space() {
            out.append(spaces());
        }

        private String spaces() {
            return switch (random.nextInt(4)) {
                case 0 -> " ";
                case 1 -> "\t";
                case 2 -> " \t  ";
                default -> "";
            };
        }

        /** Where a word follows a label, at least one space or tab keeps them apart. */
        private String someSpaces() {
            return random.nextBoolean() ? " " : "\t ";
        }
    }
}
