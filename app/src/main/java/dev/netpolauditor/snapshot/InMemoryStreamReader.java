package dev.netpolauditor.snapshot;

import java.io.StringReader;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.reader.ReaderException;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.scanner.Constant;

/**
 * SnakeYAML's {@link StreamReader} over text already in memory, in linear time.
 *
 * <p>Why: SnakeYAML's own reader keeps a window of the characters not yet consumed and, at
 * each refill of 1,024 characters, copies the whole window into a new array. The scanner
 * consumes a quoted or plain scalar only once it has found its end, so while it looks ahead
 * through one long scalar the window holds the whole scalar and every refill copies it: a
 * scalar of n characters costs n²/2048 copies (a 10 MB scalar, about 5·10¹⁰). Here the text is
 * one immutable string and looking ahead is an index: no copy at all.
 *
 * <p>Everything else is SnakeYAML's reader, method for method: the same positions, lines and
 * columns, the same end-of-input {@code '\0'}, and the same check that refuses non-printable
 * characters — made, like SnakeYAML's, on chunks of about a thousand characters as reading
 * reaches them, so an error later in a file is found no earlier than SnakeYAML would find
 * it. One difference no caller sees: the snippet of a {@link Mark} is empty (our messages
 * give line and column, never the snippet), so that a mark costs no copy of the text.
 */
final class InMemoryStreamReader extends StreamReader {
    private static final String NAME = "'reader'";
    private static final int[] NO_SNIPPET = new int[0];
    /** The chunk SnakeYAML's reader reads and checks at once (its buffer, less one). */
    private static final int CHUNK = 1023;

    private final Text text;
    private final int length;
    private int pointer;
    private int checkedUpTo;
    private int index;
    private int documentIndex;
    private int line;
    private int column;

    InMemoryStreamReader(String content) {
        super(new StringReader(""));
        this.text = Text.of(content);
        this.length = text.length();
    }

    @Override
    public Mark getMark() {
        return new Mark(NAME, index, line, column, NO_SNIPPET, 0);
    }

    @Override
    public void forward() {
        forward(1);
    }

    @Override
    public void forward(int count) {
        for (int i = 0; i < count && available(0); i++) {
            int c = text.at(pointer++);
            index++;
            documentIndex++;
            if (Constant.LINEBR.has(c) || (c == '\r' && available(0) && text.at(pointer) != '\n')) {
                line++;
                column = 0;
            } else if (c != 0xFEFF) {
                column++;
            }
        }
    }

    @Override
    public int peek() {
        return peek(0);
    }

    @Override
    public int peek(int offset) {
        return available(offset) ? text.at(pointer + offset) : 0;
    }

    @Override
    public String prefix(int count) {
        if (count == 0) {
            return "";
        }
        available(count);
        return text.substring(pointer, pointer + Math.min(count, length - pointer));
    }

    @Override
    public String prefixForward(int count) {
        String prefix = prefix(count);
        pointer += count;
        index += count;
        documentIndex += count;
        column += count;
        return prefix;
    }

    @Override
    public int getColumn() {
        return column;
    }

    @Override
    public int getDocumentIndex() {
        return documentIndex;
    }

    @Override
    public void resetDocumentIndex() {
        documentIndex = 0;
    }

    @Override
    public int getIndex() {
        return index;
    }

    @Override
    public int getLine() {
        return line;
    }

    /** Whether the character {@code offset} after the pointer exists, checking the text up to it first. */
    private boolean available(int offset) {
        long wanted = (long) pointer + offset;
        while (checkedUpTo <= wanted && checkedUpTo < length) {
            int end = (int) Math.min(length, checkedUpTo + (long) CHUNK);
            for (int i = checkedUpTo; i < end; i++) {
                int c = text.at(i);
                if (!isPrintable(c)) {
                    checkedUpTo = i;
                    throw new ReaderException(NAME, i, c, "special characters are not allowed");
                }
            }
            checkedUpTo = end;
        }
        return wanted < length;
    }

    /** The text by code point: a plain string when every character is one UTF-16 unit, else an array. */
    private sealed interface Text {
        int length();

        int at(int i);

        String substring(int from, int to);

        static Text of(String s) {
            for (int i = 0; i < s.length(); i++) {
                if (Character.isSurrogate(s.charAt(i))) {
                    return new CodePoints(s.codePoints().toArray());
                }
            }
            return new Chars(s);
        }
    }

    private record Chars(String s) implements Text {
        @Override
        public int length() {
            return s.length();
        }

        @Override
        public int at(int i) {
            return s.charAt(i);
        }

        @Override
        public String substring(int from, int to) {
            return s.substring(from, to);
        }
    }

    private record CodePoints(int[] points) implements Text {
        @Override
        public int length() {
            return points.length;
        }

        @Override
        public int at(int i) {
            return points[i];
        }

        @Override
        public String substring(int from, int to) {
            return new String(points, from, to - from);
        }
    }
}
