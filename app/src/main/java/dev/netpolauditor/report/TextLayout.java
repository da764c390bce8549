package dev.netpolauditor.report;

import java.util.ArrayList;
import java.util.List;

/** Plain-text layout for terminal reports: word wrapping and aligned tables, no colours. */
final class TextLayout {
    private TextLayout() {}

    /**
     * Wraps {@code text} to lines of at most {@code width} characters, the first starting with
     * {@code first} and the others with {@code rest} (prefixes count towards the width). Breaks
     * at spaces; a word longer than a line is broken after a comma if it has one, else cut.
     */
    static List<String> wrap(String text, int width, String first, String rest) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder(first);
        int lineStart = first.length();
        for (String word : text.strip().split(" +")) {
            if (word.isEmpty()) {
                continue;
            }
            boolean empty = line.length() == lineStart;
            if (!empty && line.length() + 1 + word.length() <= width) {
                line.append(' ').append(word);
                continue;
            }
            if (empty && line.length() + word.length() <= width) {
                line.append(word);
                continue;
            }
            if (!empty) {
                lines.add(line.toString());
                line = new StringBuilder(rest);
                lineStart = rest.length();
            }
            String remaining = word;
            int room = Math.max(1, width - line.length());
            while (remaining.length() > room) {
                int cut = remaining.lastIndexOf(',', room - 1) + 1;
                if (cut <= 0) {
                    cut = room;
                }
                line.append(remaining, 0, cut);
                lines.add(line.toString());
                remaining = remaining.substring(cut);
                line = new StringBuilder(rest);
                lineStart = rest.length();
                room = Math.max(1, width - line.length());
            }
            line.append(remaining);
        }
        if (line.length() > lineStart || lines.isEmpty()) {
            lines.add(line.toString());
        }
        return lines;
    }

    /** Appends the wrapped lines of {@code text}, each ending with a newline. */
    static void wrapped(StringBuilder out, String text, int width, String first, String rest) {
        for (String line : wrap(text, width, first, rest)) {
            out.append(stripEnd(line)).append('\n');
        }
    }

    static String stripEnd(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == ' ') {
            end--;
        }
        return s.substring(0, end);
    }

    static String repeat(char c, int n) {
        return String.valueOf(c).repeat(Math.max(0, n));
    }

    /**
     * A table: a header row, a dashed rule under it, then the rows, columns two spaces apart.
     * Every column is as wide as its widest cell except a left-aligned last column, which takes
     * the rest of the width and wraps (its continuation lines indented to the column). A row may be followed
     * by free-text lines (indented) that are not part of the columns.
     */
    static final class Table {
        private final List<String> headers;
        private final boolean[] right;
        private final List<List<String>> rows = new ArrayList<>();
        private final List<List<String>> notes = new ArrayList<>();

        /** Headers; a header starting with '>' is right-aligned (the '>' is not printed). */
        Table(String... headers) {
            this.headers = new ArrayList<>();
            this.right = new boolean[headers.length];
            for (int i = 0; i < headers.length; i++) {
                right[i] = headers[i].startsWith(">");
                this.headers.add(right[i] ? headers[i].substring(1) : headers[i]);
            }
        }

        Table row(String... cells) {
            if (cells.length != headers.size()) {
                throw new IllegalArgumentException("expected " + headers.size() + " cells, got " + cells.length);
            }
            rows.add(List.of(cells));
            notes.add(new ArrayList<>());
            return this;
        }

        /** A line of free text under the last row, indented by {@code indent}. */
        Table note(String text) {
            notes.getLast().add(text);
            return this;
        }

        void render(StringBuilder out, int width, String indent) {
            int n = headers.size();
            int[] widths = new int[n];
            for (int c = 0; c < n; c++) {
                widths[c] = headers.get(c).length();
                for (List<String> row : rows) {
                    widths[c] = Math.max(widths[c], row.get(c).length());
                }
            }
            int lastStart = indent.length();
            for (int c = 0; c < n - 1; c++) {
                lastStart += widths[c] + 2;
            }
            int lastWidth = right[n - 1] ? widths[n - 1] : Math.max(20, Math.min(widths[n - 1], width - lastStart));
            widths[n - 1] = lastWidth;
            line(out, indent, headers, widths, lastStart, width, true);
            List<String> dashes = new ArrayList<>();
            for (int c = 0; c < n; c++) {
                dashes.add(repeat('-', c == n - 1 ? Math.max(headers.get(c).length(), Math.min(lastWidth,
                        rows.stream().mapToInt(r -> r.get(n - 1).length()).max().orElse(0))) : widths[c]));
            }
            line(out, indent, dashes, widths, lastStart, width, false);
            for (int r = 0; r < rows.size(); r++) {
                line(out, indent, rows.get(r), widths, lastStart, width, false);
                for (String note : notes.get(r)) {
                    wrapped(out, note, width, indent + "    ", indent + "      ");
                }
            }
        }

        private void line(StringBuilder out, String indent, List<String> cells, int[] widths, int lastStart, int width,
                boolean header) {
            StringBuilder prefix = new StringBuilder(indent);
            int n = cells.size();
            for (int c = 0; c < n - 1; c++) {
                String cell = cells.get(c);
                String pad = repeat(' ', widths[c] - cell.length());
                prefix.append(right[c] && !header ? pad + cell : cell + pad).append("  ");
            }
            String last = cells.get(n - 1);
            if (right[n - 1]) { // a right-aligned last column holds short values: padded, not wrapped
                prefix.append(header ? last : repeat(' ', widths[n - 1] - last.length()) + last);
                out.append(stripEnd(prefix.toString())).append('\n');
                return;
            }
            if (last.isEmpty()) {
                out.append(stripEnd(prefix.toString())).append('\n');
                return;
            }
            wrapped(out, last, Math.max(width, lastStart + 20), prefix.toString(), repeat(' ', lastStart));
        }
    }
}
