package dev.netpolauditor.console;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.function.Function;

/**
 * Markup that is safe to send. The only way to make it from data is {@link #of}, which
 * escapes every argument that is not already {@code Html}; the template itself is a literal of
 * ours. A cluster's values (a label {@code <script>}, a policy named {@code "><img ...}) therefore
 * reach the page as text, in element content and in quoted attributes alike.
 */
public final class Html {
    public static final Html EMPTY = new Html("");

    private final String markup;

    private Html(String markup) {
        this.markup = markup;
    }

    /**
     * {@code template} with each {@code {}} replaced by the next argument: escaped text, or
     * markup when the argument is {@code Html}. A null argument is empty text.
     */
    public static Html of(String template, Object... args) {
        StringBuilder out = new StringBuilder(template.length() + 16 * args.length);
        int next = 0;
        int at = 0;
        while (true) {
            int hole = template.indexOf("{}", at);
            if (hole < 0) {
                break;
            }
            if (next >= args.length) {
                throw new IllegalArgumentException("more {} than arguments in: " + template);
            }
            out.append(template, at, hole);
            append(out, args[next++]);
            at = hole + 2;
        }
        if (next != args.length) {
            throw new IllegalArgumentException("more arguments than {} in: " + template);
        }
        out.append(template, at, template.length());
        return new Html(out.toString());
    }

    /** Text, escaped. */
    public static Html text(Object value) {
        StringBuilder out = new StringBuilder();
        append(out, value);
        return new Html(out.toString());
    }

    /** The markup of each item, one after another. */
    public static <T> Html each(Collection<T> items, Function<? super T, Html> render) {
        StringBuilder out = new StringBuilder();
        for (T item : items) {
            out.append(render.apply(item).markup);
        }
        return new Html(out.toString());
    }

    /** Several pieces one after another. */
    public static Html join(Html... parts) {
        StringBuilder out = new StringBuilder();
        for (Html part : parts) {
            out.append(part.markup);
        }
        return new Html(out.toString());
    }

    /** This markup when {@code condition} holds, else nothing. */
    public static Html when(boolean condition, Html markup) {
        return condition ? markup : EMPTY;
    }

    /** A query-string value: percent-encoded (then escaped like any text when placed in an attribute). */
    public static String query(String value) {
        return value == null ? "" : URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** A path segment: percent-encoded, spaces as %20. */
    public static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static void append(StringBuilder out, Object value) {
        if (value instanceof Html html) {
            out.append(html.markup);
            return;
        }
        String s = value == null ? "" : value.toString();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    // control characters other than tab and newline are dropped: they are not text
                    if (c >= 0x20 || c == '\n' || c == '\t') {
                        out.append(c);
                    }
                }
            }
        }
    }

    @Override
    public String toString() {
        return markup;
    }
}
