package dev.netpolauditor.analysis;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The content hash of a policy rule as findings.md defines it for justifications: the SHA-256
 * of the rule's canonical JSON, RFC 8785 (JSON Canonicalization Scheme), of the rule as written
 * (its entry of the policy's {@code spec}, no defaulting). A justification names that hash, so
 * a rule whose content changed after approval no longer matches it.
 *
 * <p>RFC 8785 in short: object members sorted by their names' UTF-16 code units, no whitespace,
 * strings escaped minimally (quote, backslash, the two-character escapes of backspace, form feed,
 * line feed, carriage return and tab, other control characters as a six-character escape in
 * lower-case hex), numbers as ECMAScript prints IEEE 754 doubles
 * ({@code 80}, {@code 1.5}, {@code 1e+21}).
 */
public final class RuleContent {
    private RuleContent() {}

    /** The RFC 8785 text of maps (string keys), lists, strings, numbers, booleans and null. */
    public static String canonicalJson(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out);
        return out.toString();
    }

    /** Lower-case hex SHA-256 of the UTF-8 bytes of {@link #canonicalJson}. */
    public static String sha256(Object value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(canonicalJson(value).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JVM", e);
        }
    }

    private static void write(Object value, StringBuilder out) {
        switch (value) {
            case null -> out.append("null");
            case Map<?, ?> map -> {
                // TreeMap on String: natural order compares UTF-16 code units, as RFC 8785 sorts
                Map<String, Object> sorted = new TreeMap<>();
                map.forEach((k, v) -> sorted.put((String) k, v));
                out.append('{');
                boolean first = true;
                for (Map.Entry<String, Object> e : sorted.entrySet()) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    string(e.getKey(), out);
                    out.append(':');
                    write(e.getValue(), out);
                }
                out.append('}');
            }
            case List<?> list -> {
                out.append('[');
                for (int i = 0; i < list.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    write(list.get(i), out);
                }
                out.append(']');
            }
            case String s -> string(s, out);
            case Boolean b -> out.append(b);
            case Number n -> out.append(number(n));
            default -> throw new IllegalArgumentException("not JSON data: " + value.getClass().getSimpleName());
        }
    }

    private static void string(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xf, 16));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /**
     * A number as ECMAScript's Number.prototype.toString prints the double nearest to it: the
     * shortest digits that read back as that double, in plain notation from 1e-6 up to below
     * 1e21, else as {@code d[.ddd]e±n}.
     */
    static String number(Number n) {
        double d = switch (n) {
            case Long l -> l.doubleValue();
            case Integer i -> i.doubleValue();
            case BigInteger b -> b.doubleValue();
            default -> n.doubleValue();
        };
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new IllegalArgumentException("RFC 8785 has no form for " + d);
        }
        if (d == 0) {
            return "0";
        }
        // Double.toString gives the shortest digits that round-trip (JDK 19+), but at least two in
        // scientific form (4.9E-324 where ECMAScript's shortest is 5e-324): try one digit then
        double abs = Math.abs(d);
        BigDecimal shortest = new BigDecimal(Double.toString(abs)).stripTrailingZeros();
        if (shortest.precision() == 2) {
            BigDecimal one = shortest.round(new MathContext(1, RoundingMode.HALF_EVEN));
            if (one.doubleValue() == abs) {
                shortest = one;
            }
        }
        String digits = shortest.unscaledValue().toString();
        int k = digits.length();
        int exponent = k - shortest.scale(); // the value is 0.digits x 10^exponent
        StringBuilder out = new StringBuilder(d < 0 ? "-" : "");
        if (k <= exponent && exponent <= 21) {
            out.append(digits).append("0".repeat(exponent - k));
        } else if (0 < exponent && exponent <= 21) {
            out.append(digits, 0, exponent).append('.').append(digits, exponent, k);
        } else if (-6 < exponent && exponent <= 0) {
            out.append("0.").append("0".repeat(-exponent)).append(digits);
        } else {
            out.append(digits.charAt(0));
            if (k > 1) {
                out.append('.').append(digits, 1, k);
            }
            int e = exponent - 1;
            out.append('e').append(e < 0 ? '-' : '+').append(Math.abs(e));
        }
        return out.toString();
    }
}
