package dev.netpolauditor.analysis.diff;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Says for people where two canonical data trees (nested maps, lists, scalars: a
 * NetworkPolicy {@code spec}) differ: {@code spec.podSelector.matchLabels.app: dbb -> db},
 * {@code spec.ingress[0] added}, {@code spec.policyTypes[1] Egress added}. List elements
 * are aligned by their longest common subsequence, so a rule inserted in front of another
 * reads as one rule added, not as every rule changed.
 */
final class DataDiff {
    /** Lists longer than this (product of both lengths) are compared index by index. */
    private static final int MAX_ALIGNMENT_CELLS = 10_000;
    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");
    private static final int MAX_SCALAR = 60;

    private DataDiff() {}

    /** Every difference between {@code before} and {@code after} below {@code path}, in document order. */
    static List<String> differences(String path, Object before, Object after) {
        List<String> out = new ArrayList<>();
        compare(path, before, after, out);
        return out;
    }

    private static void compare(String path, Object before, Object after, List<String> out) {
        if (before == null ? after == null : before.equals(after)) {
            return;
        }
        if (before == null) {
            out.add(added(path, after));
        } else if (after == null) {
            out.add(removed(path, before));
        } else if (before instanceof Map<?, ?> a && after instanceof Map<?, ?> b) {
            TreeSet<String> keys = new TreeSet<>();
            a.keySet().forEach(k -> keys.add(String.valueOf(k)));
            b.keySet().forEach(k -> keys.add(String.valueOf(k)));
            for (String key : keys) {
                compare(child(path, key), a.get(key), b.get(key), out);
            }
        } else if (before instanceof List<?> a && after instanceof List<?> b) {
            list(path, a, b, out);
        } else if (isContainer(before) || isContainer(after)) {
            out.add(path + " changed");
        } else {
            out.add(path + ": " + scalar(before) + " -> " + scalar(after));
        }
    }

    private static void list(String path, List<?> a, List<?> b, List<String> out) {
        int n = a.size();
        int m = b.size();
        if ((long) n * m > MAX_ALIGNMENT_CELLS) {
            for (int i = 0; i < Math.max(n, m); i++) {
                compare(path + "[" + i + "]", i < n ? a.get(i) : null, i < m ? b.get(i) : null, out);
            }
            return;
        }
        // lcs[i][j]: length of the longest common subsequence of a[i..] and b[j..]
        int[][] lcs = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                lcs[i][j] = equal(a.get(i), b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        int i = 0;
        int j = 0;
        List<Integer> gapA = new ArrayList<>();
        List<Integer> gapB = new ArrayList<>();
        while (i < n || j < m) {
            if (i < n && j < m && equal(a.get(i), b.get(j))) {
                gap(path, a, b, gapA, gapB, out);
                i++;
                j++;
            } else if (j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j])) {
                gapB.add(j++);
            } else {
                gapA.add(i++);
            }
        }
        gap(path, a, b, gapA, gapB, out);
    }

    /** Elements between two matched ones: paired up as changed, the rest removed or added. */
    private static void gap(String path, List<?> a, List<?> b, List<Integer> gapA, List<Integer> gapB,
            List<String> out) {
        int paired = Math.min(gapA.size(), gapB.size());
        for (int k = 0; k < paired; k++) {
            int i = gapA.get(k);
            int j = gapB.get(k);
            String at = path + "[" + j + "]" + (i == j ? "" : " (was [" + i + "])");
            Object x = a.get(i);
            Object y = b.get(j);
            // Containers are described by what differs inside them, at their index on the `to` side.
            compare(isContainer(x) && isContainer(y) ? path + "[" + j + "]" : at, x, y, out);
        }
        for (int k = paired; k < gapA.size(); k++) {
            out.add(removed(path + "[" + gapA.get(k) + "]", a.get(gapA.get(k))));
        }
        for (int k = paired; k < gapB.size(); k++) {
            out.add(added(path + "[" + gapB.get(k) + "]", b.get(gapB.get(k))));
        }
        gapA.clear();
        gapB.clear();
    }

    private static boolean equal(Object x, Object y) {
        return x == null ? y == null : x.equals(y);
    }

    private static String added(String path, Object value) {
        return isContainer(value) ? path + " added" : path + " " + scalar(value) + " added";
    }

    private static String removed(String path, Object value) {
        return isContainer(value) ? path + " removed" : path + " " + scalar(value) + " removed";
    }

    private static boolean isContainer(Object value) {
        return value instanceof Map<?, ?> || value instanceof List<?>;
    }

    static String child(String path, String key) {
        return PLAIN_KEY.matcher(key).matches() ? path + "." + key : path + "['" + key + "']";
    }

    static String scalar(Object value) {
        if (value instanceof String s) {
            String shown = s.length() > MAX_SCALAR ? s.substring(0, MAX_SCALAR) + "..." : s;
            return s.isEmpty() || s.chars().anyMatch(c -> c <= ' ') ? "\"" + shown + "\"" : shown;
        }
        return String.valueOf(value);
    }
}
