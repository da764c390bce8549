package dev.netpolauditor.model.calico;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed selectors: where it went wrong (0-based; the text's length when it ended too
 * early) and what was expected there, in a one-line message that quotes the selector.
 */
class CalicoSelectorErrorTest {

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("app == 'x' &&", 13, "expected a term after \"&&\""),
                Arguments.of("app == 'x' || )", 14, "expected a term after \"||\" but found \")\""),
                Arguments.of("!", 1, "expected a term after \"!\""),
                Arguments.of(")", 0, "expected a term but found \")\""),
                Arguments.of("'x' == app", 0, "expected a term but found the string 'x'"),
                Arguments.of("app", 3, "expected an operator (==, !=, in, not in, contains, starts with, ends with)"
                        + " after label \"app\""),
                Arguments.of("app squiggles 'x'", 4, "expected an operator (==, !=, in, not in, contains, starts with,"
                        + " ends with) after label \"app\" but found \"squiggles\""),
                Arguments.of("app = 'x'", 4, "a single \"=\" is no operator: expected \"==\""),
                Arguments.of("has(a) & has(b)", 7, "a single \"&\" is no operator: expected \"&&\""),
                Arguments.of("has(a) | has(b)", 7, "a single \"|\" is no operator: expected \"||\""),
                Arguments.of("app == web", 7, "expected a quoted string after \"==\" but found label \"web\""),
                Arguments.of("app starts 'x'", 11, "expected \"with\" after \"starts\" but found \"'\""),
                Arguments.of("app ends", 8, "expected \"with\" after \"ends\""),
                Arguments.of("app not {'x'}", 8, "expected \"in\" after \"not\" but found '{'"),
                Arguments.of("app == 'x", 7, "unterminated string (no closing ')"),
                Arguments.of("app in {\"x', 'y'}", 8, "unterminated string (no closing \")"),
                Arguments.of("app in 'x'", 7, "expected \"{\" after \"in\" but found the string 'x'"),
                Arguments.of("app in {'x' 'y'}", 12, "expected \",\" or \"}\" after a value of the set but found the string 'y'"),
                Arguments.of("app not in {'x',", 16, "expected a quoted string or \"}\" in the set of \"not in\""),
                Arguments.of("(app == 'x' && has(b)", 21, "expected \")\" to close the \"(\" opened at 0"),
                Arguments.of("has(a) has(b)", 7, "expected \"&&\", \"||\" or the end but found \"has(b)\""),
                Arguments.of("has(a))", 6, "expected \"&&\", \"||\" or the end but found \")\""),
                Arguments.of("app(x) == 'y'", 3, "expected an operator (==, !=, in, not in, contains, starts with,"
                        + " ends with) after label \"app\" but found \"(\""),
                Arguments.of("has (a)", 3, "no space is allowed between \"has\" and \"(\""),
                Arguments.of("has(a b)", 6, "expected \")\" to close has( but found \"b\""),
                Arguments.of("has()", 4, "expected a label inside has( but found ')'"),
                Arguments.of("all(x)", 4, "expected \")\" after all( but found \"x\""),
                Arguments.of("app == 'x' && %", 14, "unexpected character '%'"),
                Arguments.of("app == 'x'\n&& has(b)", 10, "line break (only spaces and tabs may separate tokens)"),
                Arguments.of("app\u00a0== 'x'", 3, "expected an operator (==, !=, in, not in, contains, starts with,"
                        + " ends with) after label \"app\" but found '\\u00A0'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void namesThePositionAndWhatWasExpected(String text, int position, String problem) {
        CalicoSelectorException e = assertThrows(CalicoSelectorException.class, () -> CalicoSelector.parse(text));
        assertEquals(problem, e.problem());
        assertEquals(position, e.position());
        assertEquals(text, e.expression());
        assertFalse(e.getMessage().contains("\n"), "one line");
        assertFalse(e.getMessage().contains("Exception"), e.getMessage());
        assertFalse(e.getMessage().contains("dev.netpolauditor"), e.getMessage());
    }

    @Test
    void theMessageQuotesTheSelectorThenTheProblemAndPosition() {
        CalicoSelectorException e = assertThrows(CalicoSelectorException.class,
                () -> CalicoSelector.parse("app == 'x' &&"));
        assertEquals("selector \"app == 'x' &&\": expected a term after \"&&\" at position 13", e.getMessage());
    }

    @Test
    void lineBreaksAndTabsOfTheSelectorAreShownEscaped() {
        CalicoSelectorException e = assertThrows(CalicoSelectorException.class,
                () -> CalicoSelector.parse("app\t== 'x'\n"));
        assertEquals("selector \"app\\t== 'x'\\n\": line break (only spaces and tabs may separate tokens) at position 10",
                e.getMessage());
    }

    @Test
    void aLongWordIsCutInTheMessage() {
        CalicoSelectorException e = assertThrows(CalicoSelectorException.class,
                () -> CalicoSelector.parse("app == 'x' " + "z".repeat(300) + " == 'y'"));
        assertEquals(11, e.position());
        assertTrue(e.problem().endsWith("but found label \"" + "z".repeat(40) + "...\""), e.problem());
    }
}
