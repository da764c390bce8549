package dev.netpolauditor.model.calico;

import dev.netpolauditor.model.calico.CalicoSelector.And;
import dev.netpolauditor.model.calico.CalicoSelector.Comparison;
import dev.netpolauditor.model.calico.CalicoSelector.Has;
import dev.netpolauditor.model.calico.CalicoSelector.Not;
import dev.netpolauditor.model.calico.CalicoSelector.Or;
import dev.netpolauditor.model.calico.CalicoSelector.SetMembership;
import dev.netpolauditor.model.calico.SelectorTokenizer.Kind;
import dev.netpolauditor.model.calico.SelectorTokenizer.Token;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Recursive descent over the tokens, one method per rule of the grammar
 * (cni-policies.md, "Calico: selector expressions"):
 * <pre>
 * sel   := "" | or        or := and ( "||" and )*        and := term ( "&&" term )*
 * term  := "!"* ( "all()" | "global()" | "has(" label ")" | "(" or ")" | label op )
 * op    := ( "==" | "!=" | "contains" | "starts" "with" | "ends" "with" ) str
 *        | ( "in" | "not" "in" ) "{" [ str ( "," str )* [ "," ] ] "}"
 * </pre>
 */
final class SelectorParser {
    /**
     * Nesting allowed for {@code !} and {@code (} together. Calico's parser has no limit (Go
     * stacks grow); ours must not exhaust a thread's stack on any text, while parsing or
     * later while matching, printing or comparing the value. Real selectors nest a few levels.
     */
    static final int MAX_DEPTH = 256;

    private final String text;
    private final List<Token> tokens;
    private int next;
    private int depth;

    private SelectorParser(String text) {
        this.text = text;
        this.tokens = SelectorTokenizer.tokenize(text);
    }

    static CalicoSelector parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("no selector text");
        }
        return new SelectorParser(text).selector();
    }

    private CalicoSelector selector() {
        if (peek().kind() == Kind.END) {
            return CalicoSelector.ALL;
        }
        CalicoSelector result = or();
        Token extra = peek();
        if (extra.kind() != Kind.END) {
            throw fail(extra, "expected \"&&\", \"||\" or the end but found " + describe(extra));
        }
        return result;
    }

    private CalicoSelector or() {
        List<CalicoSelector> terms = new ArrayList<>();
        terms.add(and());
        while (peek().kind() == Kind.OR) {
            take();
            terms.add(and());
        }
        return terms.size() == 1 ? terms.getFirst() : new Or(terms);
    }

    private CalicoSelector and() {
        List<CalicoSelector> terms = new ArrayList<>();
        terms.add(term());
        while (peek().kind() == Kind.AND) {
            take();
            terms.add(term());
        }
        return terms.size() == 1 ? terms.getFirst() : new And(terms);
    }

    private CalicoSelector term() {
        Token first = peek();
        return switch (first.kind()) {
            case NOT -> {
                take();
                yield new Not(nested(first, this::term));
            }
            case LEFT_PAREN -> {
                take();
                CalicoSelector inner = nested(first, this::or);
                Token close = peek();
                if (close.kind() != Kind.RIGHT_PAREN) {
                    throw fail(close, "expected \")\" to close the \"(\" opened at " + first.start() + found(close));
                }
                take();
                yield inner;
            }
            case ALL -> {
                take();
                yield CalicoSelector.ALL;
            }
            case GLOBAL -> {
                take();
                yield new CalicoSelector.Global();
            }
            case HAS -> new Has(take().value());
            case LABEL -> labelCondition(take());
            default -> throw fail(first, "expected a term" + afterPrevious() + found(first));
        };
    }

    /** What follows a {@code !} or {@code (}, one level deeper. */
    private CalicoSelector nested(Token opening, Supplier<CalicoSelector> inside) {
        if (++depth > MAX_DEPTH) {
            throw fail(opening, "more than " + MAX_DEPTH + " nested \"!\" and \"(\"");
        }
        CalicoSelector result = inside.get();
        depth--;
        return result;
    }

    private CalicoSelector labelCondition(Token label) {
        Token operator = take();
        return switch (operator.kind()) {
            case EQUALS -> comparison(label, Comparison.Operator.EQUALS);
            case NOT_EQUALS -> comparison(label, Comparison.Operator.NOT_EQUALS);
            case CONTAINS -> comparison(label, Comparison.Operator.CONTAINS);
            case STARTS_WITH -> comparison(label, Comparison.Operator.STARTS_WITH);
            case ENDS_WITH -> comparison(label, Comparison.Operator.ENDS_WITH);
            case IN -> membership(label, SetMembership.Operator.IN);
            case NOT_IN -> membership(label, SetMembership.Operator.NOT_IN);
            default -> {
                if (operator.kind() == Kind.LEFT_PAREN && isCallName(label.value())) {
                    // "has (a)": the call's name and its parenthesis must touch, as in Calico's tokenizer.
                    throw new CalicoSelectorException(text, label.end(),
                            "no space is allowed between \"" + label.value() + "\" and \"(\"");
                }
                throw fail(operator, "expected " + SelectorTokenizer.OPERATORS
                        + " after label \"" + shortLabel(label) + "\"" + found(operator));
            }
        };
    }

    private Comparison comparison(Token label, Comparison.Operator operator) {
        Token value = take();
        if (value.kind() != Kind.STRING) {
            throw fail(value, "expected a quoted string after \"" + operator.text() + "\"" + found(value));
        }
        return new Comparison(label.value(), operator, value.value());
    }

    private SetMembership membership(Token label, SetMembership.Operator operator) {
        Token open = take();
        if (open.kind() != Kind.LEFT_BRACE) {
            throw fail(open, "expected \"{\" after \"" + operator.text() + "\"" + found(open));
        }
        Set<String> values = new LinkedHashSet<>();
        while (true) {
            Token t = take();
            if (t.kind() == Kind.RIGHT_BRACE) {
                break;
            }
            if (t.kind() != Kind.STRING) {
                throw fail(t, "expected a quoted string or \"}\" in the set of \"" + operator.text() + "\"" + found(t));
            }
            values.add(t.value());
            Token separator = take();
            if (separator.kind() == Kind.RIGHT_BRACE) {
                break;
            }
            if (separator.kind() != Kind.COMMA) {
                throw fail(separator, "expected \",\" or \"}\" after a value of the set" + found(separator));
            }
        }
        return new SetMembership(label.value(), operator, values);
    }

    private static boolean isCallName(String label) {
        return label.equals("has") || label.equals("all") || label.equals("global");
    }

    /** {@code " after \"&&\""}: the token before the next one, which explains why a term was due. */
    private String afterPrevious() {
        if (next == 0) {
            return "";
        }
        Token previous = tokens.get(next - 1);
        return " after \"" + SelectorText.visible(text.substring(previous.start(), previous.end()), 40) + "\"";
    }

    /** {@code " but found ..."} naming the token; nothing at the end of the text, which the position shows. */
    private String found(Token t) {
        return t.kind() == Kind.END ? "" : " but found " + describe(t);
    }

    private String describe(Token t) {
        return switch (t.kind()) {
            case END -> "the end";
            case LABEL -> "label \"" + shortLabel(t) + "\"";
            case STRING -> "the string " + SelectorText.visible(text.substring(t.start(), t.end()), 40);
            default -> "\"" + SelectorText.visible(text.substring(t.start(), t.end()), 40) + "\"";
        };
    }

    private static String shortLabel(Token label) {
        return SelectorText.visible(label.value(), 40);
    }

    private Token peek() {
        return tokens.get(next);
    }

    /** The next token; END stays the last one however often it is taken. */
    private Token take() {
        Token t = tokens.get(next);
        if (t.kind() != Kind.END) {
            next++;
        }
        return t;
    }

    private CalicoSelectorException fail(Token at, String problem) {
        return new CalicoSelectorException(text, at.start(), problem);
    }
}
