package dev.netpolauditor.model.calico;

/**
 * A selector text that does not follow the grammar. The message is one line:
 * {@code selector "app == 'x' &&": expected a term after "&&" at position 13}, where the
 * position is the 0-based index of the character where it went wrong (the text's length
 * when it ended too early). Line breaks and tabs of the text are shown escaped.
 */
public final class CalicoSelectorException extends RuntimeException {
    private final String expression;
    private final int position;
    private final String problem;

    CalicoSelectorException(String expression, int position, String problem) {
        super("selector \"" + SelectorText.visible(expression, Integer.MAX_VALUE) + "\": " + problem
                + " at position " + position, null, false, false);
        this.expression = expression;
        this.position = position;
        this.problem = problem;
    }

    /** The text that was parsed. */
    public String expression() {
        return expression;
    }

    /** 0-based index into {@link #expression()} where it went wrong. */
    public int position() {
        return position;
    }

    /** What went wrong, without the expression and the position (for messages that name the field instead). */
    public String problem() {
        return problem;
    }
}
