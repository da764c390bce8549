package dev.netpolauditor.console;

import java.util.ArrayList;
import java.util.List;

/** A line-by-line difference of two texts (longest common subsequence), for side-by-side views. */
final class LineDiff {
    enum Kind { SAME, REMOVED, ADDED }

    record Line(Kind kind, String text) {}

    private LineDiff() {}

    static List<Line> of(List<String> a, List<String> b) {
        int[][] lcs = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<Line> out = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.size() && j < b.size()) {
            if (a.get(i).equals(b.get(j))) {
                out.add(new Line(Kind.SAME, a.get(i++)));
                j++;
            } else if (lcs[i + 1][j] >= lcs[i][j + 1]) {
                out.add(new Line(Kind.REMOVED, a.get(i++)));
            } else {
                out.add(new Line(Kind.ADDED, b.get(j++)));
            }
        }
        while (i < a.size()) {
            out.add(new Line(Kind.REMOVED, a.get(i++)));
        }
        while (j < b.size()) {
            out.add(new Line(Kind.ADDED, b.get(j++)));
        }
        return out;
    }
}
