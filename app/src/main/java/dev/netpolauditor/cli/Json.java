package dev.netpolauditor.cli;

/** Compact JSON text for the flat objects the CLI prints (strings and nulls only). */
final class Json {
    private Json() {}

    /** {@code object("a", "x", "b", null)} → {@code {"a":"x","b":null}}, keys in the order given. */
    static String object(String... keysAndValues) {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (i > 0) {
                sb.append(',');
            }
            string(sb, keysAndValues[i]);
            sb.append(':');
            if (keysAndValues[i + 1] == null) {
                sb.append("null");
            } else {
                string(sb, keysAndValues[i + 1]);
            }
        }
        return sb.append('}').toString();
    }

    static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
