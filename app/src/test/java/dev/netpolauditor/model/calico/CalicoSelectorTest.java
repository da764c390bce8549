package dev.netpolauditor.model.calico;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netpolauditor.model.calico.CalicoSelector.All;
import dev.netpolauditor.model.calico.CalicoSelector.And;
import dev.netpolauditor.model.calico.CalicoSelector.Comparison;
import dev.netpolauditor.model.calico.CalicoSelector.Global;
import dev.netpolauditor.model.calico.CalicoSelector.Has;
import dev.netpolauditor.model.calico.CalicoSelector.Not;
import dev.netpolauditor.model.calico.CalicoSelector.Or;
import dev.netpolauditor.model.calico.CalicoSelector.SetMembership;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The grammar, the matching rules and the canonical text, by example (cni-policies.md, "Calico: selector expressions"). */
class CalicoSelectorTest {
    private static final Map<String, String> WEB_PROD = Map.of("app", "web", "env", "prod");

    // ---- values written out, as the grammar says they parse

    static Comparison cmp(String key, Comparison.Operator op, String value) {
        return new Comparison(key, op, value);
    }

    static Comparison eq(String key, String value) {
        return cmp(key, Comparison.Operator.EQUALS, value);
    }

    static SetMembership in(String key, String... values) {
        return new SetMembership(key, SetMembership.Operator.IN, Set.of(values));
    }

    static SetMembership notIn(String key, String... values) {
        return new SetMembership(key, SetMembership.Operator.NOT_IN, Set.of(values));
    }

    static Has has(String key) {
        return new Has(key);
    }

    static Not not(CalicoSelector inner) {
        return new Not(inner);
    }

    static And and(CalicoSelector... terms) {
        return new And(List.of(terms));
    }

    static Or or(CalicoSelector... terms) {
        return new Or(List.of(terms));
    }

    private static boolean matches(String selector, Map<String, String> labels) {
        return CalicoSelector.parse(selector).matches(labels);
    }

    // ---- sel := "" | or

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t", " \t ", "all()", " all() ", "(all())"})
    void emptyTextAndAllParseToAll(String text) {
        CalicoSelector s = CalicoSelector.parse(text);
        assertEquals(new All(), s);
        assertTrue(s.isAll());
        assertTrue(s.matches(Map.of()));
        assertTrue(s.matches(WEB_PROD));
        assertEquals("all()", s.print());
    }

    @Test
    void globalParsesAndMatchesEverything() {
        CalicoSelector s = CalicoSelector.parse("global()");
        assertEquals(new Global(), s);
        assertTrue(s.matches(Map.of()));
        assertTrue(s.usesGlobal());
        assertFalse(s.isAll());
    }

    @Test
    void usesGlobalLooksInsideEveryCompound() {
        assertTrue(CalicoSelector.parse("has(a) && !(b == 'x' || global())").usesGlobal());
        assertFalse(CalicoSelector.parse("has(a) && !(b == 'x' || all())").usesGlobal());
        assertFalse(CalicoSelector.parse("global == 'x'").usesGlobal());
    }

    @Test
    void isAllIsTheLiteralAllOnly() {
        assertFalse(CalicoSelector.parse("!!all()").isAll());
        assertFalse(CalicoSelector.parse("all() || has(a)").isAll());
        assertFalse(CalicoSelector.parse("global()").isAll());
    }

    @Test
    void spacesInsideTheCallParenthesesAreAllowed() {
        assertEquals(has("a"), CalicoSelector.parse("has( a\t)"));
        assertEquals(new All(), CalicoSelector.parse("all( )"));
        assertEquals(new Global(), CalicoSelector.parse("global(\t)"));
    }

    // ---- op: every comparison operator and its key-present rule

    @Test
    void equalsNeedsTheKeyWithExactlyTheValue() {
        assertEquals(eq("app", "web"), CalicoSelector.parse("app == 'web'"));
        assertTrue(matches("app == 'web'", WEB_PROD));
        assertFalse(matches("app == 'we'", WEB_PROD));
        assertFalse(matches("tier == 'web'", WEB_PROD));
        assertFalse(matches("tier == ''", WEB_PROD), "an absent key is not the empty value");
        assertTrue(matches("tier == ''", Map.of("tier", "")));
    }

    @Test
    void notEqualsIsTrueWhenTheKeyIsAbsent() {
        assertEquals(cmp("app", Comparison.Operator.NOT_EQUALS, "web"), CalicoSelector.parse("app != \"web\""));
        assertFalse(matches("app != 'web'", WEB_PROD));
        assertTrue(matches("app != 'db'", WEB_PROD));
        assertTrue(matches("tier != 'web'", WEB_PROD));
    }

    @Test
    void containsStartsWithAndEndsWithNeedTheKey() {
        assertTrue(matches("app contains 'e'", WEB_PROD));
        assertTrue(matches("app contains ''", WEB_PROD));
        assertFalse(matches("app contains 'x'", WEB_PROD));
        assertFalse(matches("tier contains ''", WEB_PROD));

        assertTrue(matches("app starts with 'we'", WEB_PROD));
        assertFalse(matches("app starts with 'eb'", WEB_PROD));
        assertFalse(matches("tier starts with ''", WEB_PROD));

        assertTrue(matches("app ends with 'eb'", WEB_PROD));
        assertFalse(matches("app ends with 'we'", WEB_PROD));
        assertFalse(matches("tier ends with ''", WEB_PROD));
    }

    @Test
    void multiWordOperatorsTakeAnyWhitespaceBetweenTheirWordsOrNone() {
        CalicoSelector starts = cmp("app", Comparison.Operator.STARTS_WITH, "w");
        assertEquals(starts, CalicoSelector.parse("app starts with 'w'"));
        assertEquals(starts, CalicoSelector.parse("app startswith 'w'"));
        assertEquals(starts, CalicoSelector.parse("app starts  with 'w'"));
        assertEquals(starts, CalicoSelector.parse("app starts\t \twith'w'"));
        CalicoSelector ends = cmp("app", Comparison.Operator.ENDS_WITH, "b");
        assertEquals(ends, CalicoSelector.parse("app endswith 'b'"));
        assertEquals(ends, CalicoSelector.parse("app ends   with \"b\""));
        assertEquals(notIn("app", "x"), CalicoSelector.parse("app notin {'x'}"));
        assertEquals(notIn("app", "x"), CalicoSelector.parse("app not \t in{'x'}"));
    }

    @Test
    void keywordOperatorsNeedAWordBoundaryAfterThem() {
        assertEquals(cmp("app", Comparison.Operator.CONTAINS, "x"), CalicoSelector.parse("app contains'x'"));
        assertEquals(in("app", "x"), CalicoSelector.parse("app in{'x'}"));
        assertThrows(CalicoSelectorException.class, () -> CalicoSelector.parse("app containsx 'x'"));
        assertThrows(CalicoSelectorException.class, () -> CalicoSelector.parse("app inn {'x'}"));
        assertThrows(CalicoSelectorException.class, () -> CalicoSelector.parse("app startswith_ 'x'"));
        assertThrows(CalicoSelectorException.class, () -> CalicoSelector.parse("app not-in {'x'}"));
    }

    // ---- sets

    @Test
    void inNeedsTheKeyWithOneOfTheValues() {
        assertEquals(in("app", "web", "db"), CalicoSelector.parse("app in {'web', \"db\"}"));
        assertTrue(matches("app in {'db', 'web'}", WEB_PROD));
        assertFalse(matches("app in {'db'}", WEB_PROD));
        assertFalse(matches("tier in {'db', ''}", WEB_PROD));
    }

    @Test
    void notInIsTrueWhenTheKeyIsAbsent() {
        assertTrue(matches("app not in {'db'}", WEB_PROD));
        assertFalse(matches("app not in {'db', 'web'}", WEB_PROD));
        assertTrue(matches("tier not in {'web'}", WEB_PROD));
    }

    @Test
    void theEmptySetMatchesNothingAndItsNegationEverything() {
        assertEquals(in("app"), CalicoSelector.parse("app in {}"));
        assertFalse(matches("app in {}", WEB_PROD));
        assertFalse(matches("app in { }", Map.of()));
        assertTrue(matches("app not in {}", WEB_PROD));
        assertTrue(matches("app not in {}", Map.of()));
    }

    @Test
    void aSetMayEndWithACommaAndIgnoresOrderAndRepeats() {
        assertEquals(in("app", "a", "b"), CalicoSelector.parse("app in {'a', 'b',}"));
        assertEquals(in("app", "a", "b"), CalicoSelector.parse("app in {'b','a','b'}"));
        assertEquals("app in {'a', 'b'}", CalicoSelector.parse("app in {'b' ,'a' , }").print());
        assertThrows(CalicoSelectorException.class, () -> CalicoSelector.parse("app in {,}"));
        assertThrows(CalicoSelectorException.class, () -> CalicoSelector.parse("app in {'a',,}"));
    }

    // ---- strings

    @Test
    void stringsHaveNoEscapesAndEitherQuote() {
        assertEquals(eq("a", "it's"), CalicoSelector.parse("a == \"it's\""));
        assertEquals(eq("a", "say \"hi\""), CalicoSelector.parse("a == 'say \"hi\"'"));
        assertEquals(eq("a", "back\\"), CalicoSelector.parse("a == 'back\\'"), "a backslash is an ordinary character");
        assertEquals(eq("a", "x && y || !(z)"), CalicoSelector.parse("a == 'x && y || !(z)'"));
        assertEquals(eq("a", "line\nbreak\ttab"), CalicoSelector.parse("a == 'line\nbreak\ttab'"),
                "inside a string every character is content, a line break too");
    }

    // ---- labels

    @Test
    void labelsHoldLettersDigitsAndUnderscoreDotSlashDash() {
        assertEquals(eq("projectcalico.org/namespace", "x"), CalicoSelector.parse("projectcalico.org/namespace == 'x'"));
        assertEquals(has("k8s_NS-.1/role"), CalicoSelector.parse("has(k8s_NS-.1/role)"));
        assertEquals(eq("-", "x"), CalicoSelector.parse("- == 'x'"));
        assertEquals(eq("0", "x"), CalicoSelector.parse("0=='x'"));
        assertThrows(CalicoSelectorException.class, () -> CalicoSelector.parse("app:x == 'y'"));
        assertThrows(CalicoSelectorException.class, () -> CalicoSelector.parse("äpp == 'y'"));
    }

    @Test
    void aLabelHasAtMost512Characters() {
        String longest = "k".repeat(512);
        assertEquals(eq(longest, "v"), CalicoSelector.parse(longest + " == 'v'"));
        assertEquals(has(longest), CalicoSelector.parse("has(" + longest + ")"));
        CalicoSelectorException e = assertThrows(CalicoSelectorException.class,
                () -> CalicoSelector.parse("has(a) && " + longest + "k == 'v'"));
        assertEquals(10, e.position());
        assertEquals("label of 513 characters is too long (at most 512)", e.problem());
        assertThrows(CalicoSelectorException.class, () -> CalicoSelector.parse("has(" + longest + "k)"));
    }

    @Test
    void keywordsAreLabelNamesWhereALabelIsDue() {
        // Calico's tokenizer reads operator words only right after a label (tokenizer.go).
        assertEquals(eq("in", "x"), CalicoSelector.parse("in == 'x'"));
        assertEquals(cmp("contains", Comparison.Operator.CONTAINS, "contains"),
                CalicoSelector.parse("contains contains 'contains'"));
        assertEquals(in("not", "x"), CalicoSelector.parse("not in {'x'}"));
        assertEquals(notIn("in", "x"), CalicoSelector.parse("in not in {'x'}"));
        assertEquals(cmp("startswith", Comparison.Operator.STARTS_WITH, "v"),
                CalicoSelector.parse("startswith starts with 'v'"));
        assertEquals(eq("has", "x"), CalicoSelector.parse("has == 'x'"));
        assertEquals(eq("all", "x"), CalicoSelector.parse("all == 'x'"));
        assertEquals(and(has("global"), eq("global", "")), CalicoSelector.parse("has(global) && global == ''"));
    }

    // ---- whitespace

    @Test
    void spacesAndTabsAreOptionalBetweenTokens() {
        CalicoSelector expected = and(eq("a", "x"), not(has("b")));
        assertEquals(expected, CalicoSelector.parse("a=='x'&&!has(b)"));
        assertEquals(expected, CalicoSelector.parse("\ta\t==\t'x'\t&&\t!\thas(b)\t"));
        assertEquals(expected, CalicoSelector.parse("  a  ==  'x'  &&  !  has( b )  "));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a == 'x'\n", "a ==\n'x'", "\na == 'x'", "a == 'x' &&\r\nhas(b)", "a\u00a0== 'x'"})
    void lineBreaksAndOtherWhitespaceAreErrors(String text) {
        assertThrows(CalicoSelectorException.class, () -> CalicoSelector.parse(text));
    }

    @Test
    void noSpaceBeforeTheParenthesisOfACall() {
        for (String text : List.of("has (a)", "all ()", "global\t()")) {
            CalicoSelectorException e = assertThrows(CalicoSelectorException.class, () -> CalicoSelector.parse(text));
            assertTrue(e.problem().startsWith("no space is allowed between"), e.getMessage());
        }
    }

    // ---- precedence and negation

    @Test
    void andBindsTighterThanOr() {
        assertEquals(or(has("a"), and(has("b"), has("c"))), CalicoSelector.parse("has(a) || has(b) && has(c)"));
        assertEquals(or(and(has("a"), has("b")), has("c")), CalicoSelector.parse("has(a) && has(b) || has(c)"));
        assertEquals(and(has("a"), or(has("b"), has("c"))), CalicoSelector.parse("has(a) && (has(b) || has(c))"));
        assertTrue(matches("has(a) || has(b) && has(c)", Map.of("a", "")));
        assertFalse(matches("(has(a) || has(b)) && has(c)", Map.of("a", "")));
    }

    @Test
    void chainsOfOneOperatorAreOneNode() {
        assertEquals(and(has("a"), has("b"), has("c")), CalicoSelector.parse("has(a) && has(b) && has(c)"));
        assertEquals(or(has("a"), has("b"), has("c")), CalicoSelector.parse("has(a) || has(b) || has(c)"));
    }

    @Test
    void negationBindsTighterThanAndAndCoversAWholeComparison() {
        assertEquals(and(has("a"), not(has("b"))), CalicoSelector.parse("has(a) && !has(b)"));
        assertTrue(matches("has(app) && !has(tier)", WEB_PROD));
        assertFalse(matches("has(app) && !has(env)", WEB_PROD));
        assertEquals(or(not(has("a")), has("b")), CalicoSelector.parse("!has(a) || has(b)"));
        // "!" applies to "app == 'web'", not to the label: true when app is absent or another value.
        assertEquals(not(eq("app", "web")), CalicoSelector.parse("!app == 'web'"));
        assertTrue(matches("!app == 'db'", WEB_PROD));
        assertTrue(matches("!tier == 'db'", WEB_PROD));
        assertFalse(matches("!app == 'web'", WEB_PROD));
    }

    @Test
    void negationMayRepeatWithOrWithoutSpaces() {
        assertEquals(not(not(has("a"))), CalicoSelector.parse("!!has(a)"));
        assertEquals(not(not(not(has("a")))), CalicoSelector.parse("! !!\thas(a)"));
        assertEquals(not(not(has("a"))), CalicoSelector.parse("!(!has(a))"));
        assertTrue(matches("!!has(app)", WEB_PROD));
        assertFalse(matches("!!!has(app)", WEB_PROD));
        assertEquals("!!has(a)", CalicoSelector.parse("! ! has(a)").print());
    }

    @Test
    void notEqualsIsNotNegationFollowedByEquals() {
        assertThrows(CalicoSelectorException.class, () -> CalicoSelector.parse("a ! = 'x'"));
        assertEquals(not(cmp("a", Comparison.Operator.NOT_EQUALS, "x")), CalicoSelector.parse("!a!='x'"));
    }

    @Test
    void parenthesesLeaveNoNodeOfTheirOwn() {
        assertEquals(has("a"), CalicoSelector.parse("((has(a)))"));
        assertEquals(and(and(has("a"), has("b")), has("c")), CalicoSelector.parse("(has(a) && has(b)) && has(c)"));
    }

    @Test
    void nestingIsBoundedSoNoTextExhaustsTheStack() {
        int limit = SelectorParser.MAX_DEPTH;
        assertEquals(has("a"), CalicoSelector.parse("(".repeat(limit) + "has(a)" + ")".repeat(limit)));
        CalicoSelector deep = CalicoSelector.parse("!".repeat(limit) + "has(a)");
        assertTrue(deep.matches(Map.of("a", "")));
        CalicoSelectorException e = assertThrows(CalicoSelectorException.class,
                () -> CalicoSelector.parse("!".repeat(100_000) + "has(a)"));
        assertEquals(limit, e.position());
        assertThrows(CalicoSelectorException.class,
                () -> CalicoSelector.parse("(".repeat(limit + 1) + "has(a)" + ")".repeat(limit + 1)));
    }

    // ---- canonical text

    @Test
    void printUsesTheFewestParenthesesAndOneSpelling() {
        assertEquals("a == 'x' && b != 'y' || !has(c)",
                CalicoSelector.parse("(a=='x'&&b!=\"y\")||(!has( c ))").print());
        assertEquals("a == 'x' && (b == 'y' || c == 'z')",
                CalicoSelector.parse("a=='x'&&(b=='y'||c=='z')").print());
        assertEquals("!(has(a) && has(b))", CalicoSelector.parse("!(has(a)&&has(b))").print());
        assertEquals("!a == 'x'", CalicoSelector.parse("!(a == 'x')").print());
        assertEquals("(has(a) || has(b)) || has(c)", CalicoSelector.parse("(has(a)||has(b))||has(c)").print());
        assertEquals("a starts with 'x' && a ends with 'y' && a not in {}",
                CalicoSelector.parse("a startswith 'x' && a endswith 'y' && a notin {}").print());
    }

    @Test
    void printQuotesWithSingleQuotesUnlessTheValueHoldsOne() {
        assertEquals("a == 'x'", CalicoSelector.parse("a == \"x\"").print());
        assertEquals("a == \"it's\"", CalicoSelector.parse("a == \"it's\"").print());
        assertEquals("a in {\"it's\", 'say \"hi\"'}", CalicoSelector.parse("a in {'say \"hi\"', \"it's\"}").print());
    }

    // ---- keys and construction

    @Test
    void keysAreEveryLabelRead() {
        assertEquals(List.of("a", "b", "c", "d", "e"), List.copyOf(
                CalicoSelector.parse("has(a) && !(b == 'x' || c in {}) || d not in {'y'} || e contains '' || all()").keys()));
        assertEquals(Set.of(), CalicoSelector.parse("all() && !global()").keys());
    }

    @Test
    void valuesCompareByContentAndAreImmutable() {
        SetMembership m = CalicoSelector.parse("a in {'x', 'y'}") instanceof SetMembership s ? s : null;
        assertEquals(in("a", "y", "x"), m);
        assertEquals(in("a", "y", "x").hashCode(), m.hashCode());
        assertThrows(UnsupportedOperationException.class, () -> m.values().add("z"));
        And a = (And) CalicoSelector.parse("has(a) && has(b)");
        assertThrows(UnsupportedOperationException.class, () -> a.terms().add(has("c")));
    }

    @Test
    void recordsRefuseWhatNoTextCouldSay() {
        assertThrows(IllegalArgumentException.class, () -> has(""));
        assertThrows(IllegalArgumentException.class, () -> has("a b"));
        assertThrows(IllegalArgumentException.class, () -> has("k".repeat(513)));
        assertThrows(IllegalArgumentException.class, () -> eq("a", "both ' and \""));
        assertThrows(IllegalArgumentException.class, () -> and(has("a")));
        assertThrows(IllegalArgumentException.class, () -> or());
    }
}
