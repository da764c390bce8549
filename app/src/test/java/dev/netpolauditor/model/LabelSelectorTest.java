package dev.netpolauditor.model;

import static dev.netpolauditor.model.SelectorOperator.DoesNotExist;
import static dev.netpolauditor.model.SelectorOperator.Exists;
import static dev.netpolauditor.model.SelectorOperator.In;
import static dev.netpolauditor.model.SelectorOperator.NotIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LabelSelectorTest {
    private static final Map<String, String> WEB_PROD = Map.of("app", "web", "env", "prod");

    private static LabelSelector expressions(SelectorRequirement... requirements) {
        return new LabelSelector(Map.of(), List.of(requirements));
    }

    private static SelectorRequirement req(String key, SelectorOperator op, String... values) {
        return new SelectorRequirement(key, op, List.of(values));
    }

    @Test
    void emptySelectorMatchesEverythingIncludingNoLabels() {
        assertTrue(LabelSelector.EVERYTHING.isEmpty());
        assertTrue(LabelSelector.EVERYTHING.matches(WEB_PROD));
        assertTrue(LabelSelector.EVERYTHING.matches(Map.of()));
    }

    @Test
    void matchLabelsNeedsEveryPairWithTheExactValue() {
        assertTrue(new LabelSelector(Map.of("app", "web"), List.of()).matches(WEB_PROD));
        assertTrue(new LabelSelector(WEB_PROD, List.of()).matches(WEB_PROD));
        assertFalse(new LabelSelector(Map.of("app", "Web"), List.of()).matches(WEB_PROD));
        assertFalse(new LabelSelector(Map.of("app", "web", "tier", "x"), List.of()).matches(WEB_PROD));
    }

    @Test
    void inNeedsTheKeyWithOneOfTheValues() {
        assertTrue(expressions(req("app", In, "api", "web")).matches(WEB_PROD));
        assertFalse(expressions(req("app", In, "api", "db")).matches(WEB_PROD));
        assertFalse(expressions(req("tier", In, "web")).matches(WEB_PROD));
    }

    @Test
    void notInMatchesOtherValuesAndAnAbsentKey() {
        assertTrue(expressions(req("app", NotIn, "api", "db")).matches(WEB_PROD));
        assertFalse(expressions(req("app", NotIn, "web")).matches(WEB_PROD));
        assertTrue(expressions(req("tier", NotIn, "web")).matches(WEB_PROD), "key absent");
        assertTrue(expressions(req("tier", NotIn, "web")).matches(Map.of()), "no labels at all");
    }

    @Test
    void existsNeedsTheKeyWhateverItsValue() {
        assertTrue(expressions(req("env", Exists)).matches(WEB_PROD));
        assertTrue(expressions(req("env", Exists)).matches(Map.of("env", "")));
        assertFalse(expressions(req("tier", Exists)).matches(WEB_PROD));
    }

    @Test
    void doesNotExistNeedsTheKeyAbsent() {
        assertTrue(expressions(req("tier", DoesNotExist)).matches(WEB_PROD));
        assertFalse(expressions(req("env", DoesNotExist)).matches(WEB_PROD));
        assertFalse(expressions(req("env", DoesNotExist)).matches(Map.of("env", "")));
    }

    @Test
    void matchLabelsAndEveryExpressionAreAnded() {
        LabelSelector selector = new LabelSelector(Map.of("app", "web"),
                List.of(req("env", In, "prod", "staging"), req("canary", DoesNotExist)));
        assertTrue(selector.matches(WEB_PROD));
        assertFalse(selector.matches(Map.of("app", "api", "env", "prod")), "matchLabels fails");
        assertFalse(selector.matches(Map.of("app", "web", "env", "dev")), "first expression fails");
        assertFalse(selector.matches(Map.of("app", "web", "env", "prod", "canary", "true")),
                "second expression fails");
    }

    @Test
    void contradictoryExpressionsMatchNothing() {
        LabelSelector selector = expressions(req("app", Exists), req("app", DoesNotExist));
        assertFalse(selector.matches(WEB_PROD));
        assertFalse(selector.matches(Map.of()));
    }

    @Test
    void keysListsEveryKeyRead() {
        LabelSelector selector = new LabelSelector(Map.of("app", "web"),
                List.of(req("env", In, "prod"), req("tier", Exists)));
        assertEquals(Set.of("app", "env", "tier"), selector.keys());
        assertFalse(selector.isEmpty());
    }
}
