package dev.netpolauditor.model.calico;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits selector text into tokens. Like Calico's tokenizer it is context-sensitive in one
 * place: right after a label, a word is read as an operator ({@code in}, {@code not in},
 * {@code contains}, {@code starts with}, {@code ends with}); anywhere else a word is a label,
 * so keywords may be label names ({@code in == 'x'}, {@code contains contains 'x'}).
 * {@code has(}, {@code all(} and {@code global(} are recognised only with the parenthesis
 * right after the name; {@code has (a)} reads as the label {@code has} and fails in the parser.
 */
final class SelectorTokenizer {

    enum Kind {
        LABEL, STRING, LEFT_BRACE, RIGHT_BRACE, COMMA, LEFT_PAREN, RIGHT_PAREN,
        EQUALS, NOT_EQUALS, IN, NOT_IN, CONTAINS, STARTS_WITH, ENDS_WITH,
        NOT, AND, OR, ALL, GLOBAL, HAS, END
    }

    /**
     * One token: {@code value} is the label of LABEL and HAS, the content of STRING, else
     * null; {@code start}/{@code end} delimit its text.
     */
    record Token(Kind kind, String value, int start, int end) {
    }

    /** What may follow a label, as messages name it. */
    static final String OPERATORS = "an operator (==, !=, in, not in, contains, starts with, ends with)";

    private final String text;
    private final List<Token> tokens = new ArrayList<>();
    private int pos;

    private SelectorTokenizer(String text) {
        this.text = text;
    }

    /** The tokens of the text, ending with END at the text's length. */
    static List<Token> tokenize(String text) {
        SelectorTokenizer t = new SelectorTokenizer(text);
        t.run();
        return t.tokens;
    }

    private void run() {
        while (true) {
            skipWhitespace();
            if (pos == text.length()) {
                tokens.add(new Token(Kind.END, null, pos, pos));
                return;
            }
            int start = pos;
            char c = text.charAt(pos);
            switch (c) {
                case '(' -> single(Kind.LEFT_PAREN);
                case ')' -> single(Kind.RIGHT_PAREN);
                case '{' -> single(Kind.LEFT_BRACE);
                case '}' -> single(Kind.RIGHT_BRACE);
                case ',' -> single(Kind.COMMA);
                case '\'', '"' -> string(c);
                case '=' -> pair('=', Kind.EQUALS, "a single \"=\" is no operator: expected \"==\"");
                case '&' -> pair('&', Kind.AND, "a single \"&\" is no operator: expected \"&&\"");
                case '|' -> pair('|', Kind.OR, "a single \"|\" is no operator: expected \"||\"");
                case '!' -> {
                    if (text.startsWith("!=", pos)) {
                        add(Kind.NOT_EQUALS, null, start, pos + 2);
                    } else {
                        single(Kind.NOT);
                    }
                }
                default -> {
                    if (c == '\n' || c == '\r') {
                        throw fail(start, "line break (only spaces and tabs may separate tokens)");
                    }
                    if (lastKind() == Kind.LABEL) {
                        operatorWord();
                    } else if (text.startsWith("has(", pos)) {
                        has();
                    } else if (text.startsWith("all(", pos)) {
                        emptyCall("all(", Kind.ALL);
                    } else if (text.startsWith("global(", pos)) {
                        emptyCall("global(", Kind.GLOBAL);
                    } else if (SelectorText.isLabelChar(c)) {
                        add(Kind.LABEL, label(), start, pos);
                    } else {
                        throw fail(start, "unexpected character " + wordAt(start));
                    }
                }
            }
        }
    }

    private void single(Kind kind) {
        add(kind, null, pos, pos + 1);
    }

    private void pair(char second, Kind kind, String problem) {
        if (pos + 1 < text.length() && text.charAt(pos + 1) == second) {
            add(kind, null, pos, pos + 2);
        } else {
            throw fail(pos, problem);
        }
    }

    private void string(char quote) {
        int close = text.indexOf(quote, pos + 1);
        if (close < 0) {
            throw fail(pos, "unterminated string (no closing " + quote + ")");
        }
        add(Kind.STRING, text.substring(pos + 1, close), pos, close + 1);
    }

    /** After a label: one of the keyword operators, each ending at a word boundary. */
    private void operatorWord() {
        int start = pos;
        String label = tokens.getLast().value();
        if (keyword("contains")) {
            add(Kind.CONTAINS, null, start, pos);
        } else if (twoWords("starts", "with", start)) {
            add(Kind.STARTS_WITH, null, start, pos);
        } else if (twoWords("ends", "with", start)) {
            add(Kind.ENDS_WITH, null, start, pos);
        } else if (twoWords("not", "in", start)) {
            add(Kind.NOT_IN, null, start, pos);
        } else if (keyword("in")) {
            add(Kind.IN, null, start, pos);
        } else {
            throw fail(start, "expected " + OPERATORS + " after label \"" + SelectorText.visible(label, 40)
                    + "\" but found " + wordAt(start));
        }
    }

    /** {@code word} at the current position followed by a word boundary; consumes it if so. */
    private boolean keyword(String word) {
        if (text.startsWith(word, pos) && boundaryAt(pos + word.length())) {
            pos += word.length();
            return true;
        }
        return false;
    }

    /**
     * {@code first}, optional whitespace, {@code second}, then a word boundary (so
     * {@code startswith} and {@code starts  with} both count). When {@code first} stands
     * alone as a word but {@code second} does not follow, that is the error.
     */
    private boolean twoWords(String first, String second, int start) {
        if (!text.startsWith(first, start)) {
            return false;
        }
        int p = start + first.length();
        while (p < text.length() && SelectorText.isWhitespace(text.charAt(p))) {
            p++;
        }
        if (text.startsWith(second, p) && boundaryAt(p + second.length())) {
            pos = p + second.length();
            return true;
        }
        if (boundaryAt(start + first.length())) {
            throw fail(p, "expected \"" + second + "\" after \"" + first + "\"" + found(p));
        }
        return false;
    }

    private void has() {
        int start = pos;
        pos += "has(".length();
        skipWhitespace();
        if (pos == text.length() || !SelectorText.isLabelChar(text.charAt(pos))) {
            throw fail(pos, "expected a label inside has(" + found(pos));
        }
        String label = label();
        skipWhitespace();
        if (pos == text.length() || text.charAt(pos) != ')') {
            throw fail(pos, "expected \")\" to close has(" + found(pos));
        }
        pos++;
        add(Kind.HAS, label, start, pos);
    }

    private void emptyCall(String name, Kind kind) {
        int start = pos;
        pos += name.length();
        skipWhitespace();
        if (pos == text.length() || text.charAt(pos) != ')') {
            throw fail(pos, "expected \")\" after " + name + found(pos));
        }
        pos++;
        add(kind, null, start, pos);
    }

    /** Reads the label at the current position (at least one character is known to be a label character). */
    private String label() {
        int start = pos;
        while (pos < text.length() && SelectorText.isLabelChar(text.charAt(pos))) {
            pos++;
        }
        if (pos - start > SelectorText.MAX_LABEL_LENGTH) {
            throw fail(start, "label of " + (pos - start) + " characters is too long (at most "
                    + SelectorText.MAX_LABEL_LENGTH + ")");
        }
        return text.substring(start, pos);
    }

    /** End of text or a character that cannot continue a label. */
    private boolean boundaryAt(int p) {
        return p >= text.length() || !SelectorText.isLabelChar(text.charAt(p));
    }

    /** {@code " but found ..."} naming what stands at {@code p}; nothing at the end of the text. */
    private String found(int p) {
        return p >= text.length() ? "" : " but found " + wordAt(p);
    }

    /** What stands at {@code p}, for a message: the label-character word there, or its one character. */
    private String wordAt(int p) {
        if (p >= text.length()) {
            return "the end";
        }
        int end = p;
        while (end < text.length() && SelectorText.isLabelChar(text.charAt(end))) {
            end++;
        }
        if (end == p) {
            return text.charAt(p) == '\'' ? "\"'\"" : "'" + SelectorText.visible(text.charAt(p)) + "'";
        }
        return "\"" + SelectorText.visible(text.substring(p, end), 40) + "\"";
    }

    private void skipWhitespace() {
        while (pos < text.length() && SelectorText.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private Kind lastKind() {
        return tokens.isEmpty() ? null : tokens.getLast().kind();
    }

    private void add(Kind kind, String value, int start, int end) {
        tokens.add(new Token(kind, value, start, end));
        pos = end;
    }

    private CalicoSelectorException fail(int position, String problem) {
        return new CalicoSelectorException(text, position, problem);
    }
}
