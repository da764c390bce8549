package dev.netpolauditor.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netpolauditor.model.LabelSelector;
import dev.netpolauditor.model.SelectorOperator;
import dev.netpolauditor.model.SelectorRequirement;
import dev.netpolauditor.model.calico.CalicoSelector;
import dev.netpolauditor.model.calico.CalicoSelector.And;
import dev.netpolauditor.model.calico.CalicoSelector.Comparison;
import dev.netpolauditor.model.calico.CalicoSelector.Has;
import dev.netpolauditor.model.calico.CalicoSelector.Not;
import dev.netpolauditor.model.calico.CalicoSelector.Or;
import dev.netpolauditor.model.calico.CalicoSelector.SetMembership;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * The label index narrows a selector's evaluation without changing what it selects: every item
 * whose labels a random Calico selector matches is among the index's candidates for it (or the
 * index does not narrow), and the candidates are ascending and distinct, as the selection walk
 * needs them.
 */
class LabelIndexProperties {
    private static final List<String> KEYS = List.of("app", "tier", "role", "projectcalico.org/namespace",
            "pcns.env", "pcsa.team");
    private static final List<String> VALUES = List.of("a", "b", "web", "we", "");

    @Property
    void everyItemASelectorMatchesIsACandidate(@ForAll("labelSets") List<Map<String, String>> items,
            @ForAll("selectors") CalicoSelector selector) {
        assertCandidatesCover(items, new LabelIndex(items).candidates(selector), selector::matches, selector.print());
    }

    @Property
    void everyItemALabelSelectorMatchesIsACandidate(@ForAll("labelSets") List<Map<String, String>> items,
            @ForAll("labelSelectors") LabelSelector selector) {
        assertCandidatesCover(items, new LabelIndex(items).candidates(selector), selector::matches,
                selector.toString());
    }

    /** Candidates ascending and distinct, and every item the selector matches among them (null: not narrowed). */
    private static void assertCandidatesCover(List<Map<String, String>> items, int[] candidates,
            Predicate<Map<String, String>> matches, String selector) {
        if (candidates == null) {
            return; // not narrowed: the selector is evaluated on every item
        }
        for (int i = 1; i < candidates.length; i++) {
            assertTrue(candidates[i - 1] < candidates[i], () -> "not ascending: " + Arrays.toString(candidates));
        }
        for (int i = 0; i < items.size(); i++) {
            if (matches.test(items.get(i))) {
                int item = i;
                assertTrue(Arrays.binarySearch(candidates, i) >= 0,
                        () -> selector + " matches " + items.get(item) + ", not among the candidates");
            }
        }
    }

    @Provide
    Arbitrary<LabelSelector> labelSelectors() {
        Arbitrary<String> key = Arbitraries.of(KEYS);
        Arbitrary<SelectorRequirement> requirement = Combinators.combine(key,
                Arbitraries.of(SelectorOperator.class), Arbitraries.of(VALUES).list().ofMaxSize(3))
                .as(SelectorRequirement::new);
        return Combinators.combine(Arbitraries.maps(key, Arbitraries.of(VALUES)).ofMaxSize(2),
                requirement.list().ofMaxSize(3)).as(LabelSelector::new);
    }

    @Provide
    Arbitrary<List<Map<String, String>>> labelSets() {
        return Arbitraries.maps(Arbitraries.of(KEYS), Arbitraries.of(VALUES)).ofMaxSize(4).list().ofMaxSize(12);
    }

    @Provide
    Arbitrary<CalicoSelector> selectors() {
        return selectors(3);
    }

    private Arbitrary<CalicoSelector> selectors(int depth) {
        Arbitrary<String> key = Arbitraries.of(KEYS);
        Arbitrary<String> value = Arbitraries.of(VALUES);
        Arbitrary<CalicoSelector> leaves = Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(CalicoSelector.ALL)),
                Tuple.of(2, key.map(Has::new)),
                Tuple.of(5, Combinators.combine(key, Arbitraries.of(Comparison.Operator.class), value)
                        .as(Comparison::new)),
                Tuple.of(3, Combinators.combine(key, Arbitraries.of(SetMembership.Operator.class),
                        value.set().ofMaxSize(3)).as(SetMembership::new)));
        if (depth == 0) {
            return leaves;
        }
        Arbitrary<CalicoSelector> inner = Arbitraries.lazy(() -> selectors(depth - 1));
        return Arbitraries.frequencyOf(
                Tuple.of(4, leaves),
                Tuple.of(1, inner.map(Not::new)),
                Tuple.of(2, inner.list().ofMinSize(2).ofMaxSize(3).map(And::new)),
                Tuple.of(2, inner.list().ofMinSize(2).ofMaxSize(3).map(Or::new)));
    }
}
