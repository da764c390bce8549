package dev.netpolauditor.snapshot;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A value of a parsed manifest (maps, lists, strings, numbers, booleans, null as SnakeYAML
 * and Jackson produce them) together with its path inside the object, so that a field of
 * the wrong type is reported by name instead of surfacing as a ClassCastException.
 *
 * <p>An explicit {@code null} reads as absent, as it does for the API server.
 *
 * <p>The path is spelled out only when asked for (a message, mostly): a field knows its parent
 * and its step, so reading the fields of a large cluster builds no path strings.
 */
final class Field {

    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");
    private static final int MAX_QUOTED = 80;

    /** The mapping or list this field is in; null for a root. */
    private final Field parent;
    /** The key ({@code String}) or index ({@code Integer}) in {@link #parent}; null for a root. */
    private final Object step;
    private final Object value;
    /** Given for a root, else spelled out on first use. */
    private String path;

    /** A field at {@code path}, e.g. a value read again under the path it was found at. */
    Field(String path, Object value) {
        this.parent = null;
        this.step = null;
        this.value = value;
        this.path = path;
    }

    private Field(Field parent, Object step, Object value) {
        this.parent = parent;
        this.step = step;
        this.value = value;
    }

    static Field root(Object value) {
        return new Field("", value);
    }

    /** Where in the object, e.g. {@code spec.ingress[0].from[1].ipBlock.cidr}; empty for the object itself. */
    String path() {
        if (path == null) {
            path = step instanceof String key ? parent.childPath(key) : parent.path() + "[" + step + "]";
        }
        return path;
    }

    Object value() {
        return value;
    }

    boolean absent() {
        return value == null;
    }

    FieldException invalid(String problem) {
        return new FieldException(path(), problem);
    }

    /** The member {@code key} of this mapping (absent when this is absent). */
    Field get(String key) {
        return new Field(this, key, mapping().get(key));
    }

    /** This mapping; an absent one is empty. */
    Map<?, ?> mapping() {
        return switch (value) {
            case null -> Map.of();
            case Map<?, ?> map -> map;
            default -> throw invalid("expected a mapping, got " + describe(value));
        };
    }

    /** The elements of this list; an absent one is empty. */
    List<Field> items() {
        List<?> list = switch (value) {
            case null -> List.of();
            case List<?> l -> l;
            default -> throw invalid("expected a list, got " + describe(value));
        };
        List<Field> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            out.add(new Field(this, i, list.get(i)));
        }
        return out;
    }

    /** The entries of this mapping with string keys; another key is reported at this field. */
    List<Map.Entry<String, Field>> entries() {
        List<Map.Entry<String, Field>> out = new ArrayList<>();
        for (Map.Entry<?, ?> e : mapping().entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                throw invalid("key " + describe(e.getKey()) + " is not a string");
            }
            out.add(Map.entry(key, new Field(this, key, e.getValue())));
        }
        return out;
    }

    /** A string, or null when absent. */
    String string() {
        return switch (value) {
            case null -> null;
            case String s -> s;
            default -> throw invalid("expected a string, got " + describe(value));
        };
    }

    /** A string that must be present and non-empty. */
    String requiredString() {
        String s = string();
        if (s == null || s.isEmpty()) {
            throw invalid("missing, expected a non-empty string");
        }
        return s;
    }

    boolean bool(boolean absentValue) {
        return switch (value) {
            case null -> absentValue;
            case Boolean b -> b;
            default -> throw invalid("expected true or false, got " + describe(value));
        };
    }

    boolean isInteger() {
        return value instanceof Integer || value instanceof Long || value instanceof BigInteger;
    }

    /**
     * An integer; one beyond the long range is clamped, which is enough for the range checks
     * callers make (their messages quote the value itself).
     */
    long integer() {
        return switch (value) {
            case Integer i -> i;
            case Long l -> l;
            case BigInteger b -> b.signum() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
            case null -> throw invalid("missing, expected an integer");
            default -> throw invalid("expected an integer, got " + describe(value));
        };
    }

    private String childPath(String key) {
        String spelled = PLAIN_KEY.matcher(key).matches() ? key : "[" + quote(key) + "]";
        String path = path();
        if (path.isEmpty()) {
            return spelled;
        }
        return spelled.startsWith("[") ? path + spelled : path + "." + spelled;
    }

    /** A value as a message shows it: its type, and the value itself when short and scalar. */
    static String describe(Object value) {
        return switch (value) {
            case null -> "null";
            case String s -> "the string " + quote(s);
            case Boolean b -> "the boolean " + b;
            case Number n -> "the number " + shorten(n.toString());
            case Map<?, ?> m -> "a mapping";
            case List<?> l -> "a list";
            default -> "a value of YAML type " + value.getClass().getSimpleName();
        };
    }

    /** User text in single quotes, cut short so that a huge value cannot flood the message. */
    static String quote(String text) {
        return "'" + shorten(text) + "'";
    }

    static String shorten(String text) {
        return text.length() <= MAX_QUOTED ? text : text.substring(0, MAX_QUOTED) + "...";
    }
}
