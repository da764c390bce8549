package dev.netpolauditor.model.calico;

/** The lexical rules of selector text that the tokenizer, the printer and the records share. */
final class SelectorText {
    /** Longest label Calico's tokenizer accepts. */
    static final int MAX_LABEL_LENGTH = 512;

    private SelectorText() {
    }

    static boolean isLabelChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                || c == '_' || c == '.' || c == '/' || c == '-';
    }

    /** Spaces and tabs only: a line break is an error, not whitespace. */
    static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t';
    }

    static boolean isLabel(String s) {
        if (s == null || s.isEmpty() || s.length() > MAX_LABEL_LENGTH) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isLabelChar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    static void requireLabel(String key) {
        if (!isLabel(key)) {
            throw new IllegalArgumentException("not a selector label (1 to " + MAX_LABEL_LENGTH
                    + " of A-Z a-z 0-9 _ . / -): " + visible(key, 60));
        }
    }

    /** Strings have no escapes, so a value holding both quote characters cannot be written. */
    static void requireQuotable(String value) {
        if (value == null || value.indexOf('\'') >= 0 && value.indexOf('"') >= 0) {
            throw new IllegalArgumentException("a selector string cannot hold both ' and \": " + visible(value, 60));
        }
    }

    /** The value between single quotes, or double quotes when it holds a single quote. */
    static String quote(String value) {
        char q = value.indexOf('\'') >= 0 ? '"' : '\'';
        return q + value + q;
    }

    /**
     * Text shown inside a one-line message: line breaks, tabs and other control characters
     * escaped, cut after {@code max} characters.
     */
    static String visible(String s, int max) {
        if (s == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder();
        int end = Math.min(s.length(), max);
        for (int i = 0; i < end; i++) {
            out.append(visible(s.charAt(i)));
        }
        if (end < s.length()) {
            out.append("...");
        }
        return out.toString();
    }

    static String visible(char c) {
        return switch (c) {
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case '\t' -> "\\t";
            default -> Character.isISOControl(c) || (Character.isWhitespace(c) || Character.isSpaceChar(c)) && c != ' '
                    ? String.format("\\u%04X", (int) c)
                    : String.valueOf(c);
        };
    }
}
