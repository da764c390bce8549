package dev.netpolauditor.console;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** Charts as inline SVG: no script, no style attribute, readable by a screen reader through its title. */
final class Charts {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    private Charts() {}

    /** A value at a time. */
    record Point(Instant at, double value) {}

    /** A small line of values 0-100, e.g. a score, oldest first. */
    static Html sparkline(List<Integer> values, String label) {
        if (values.size() < 2) {
            return Html.of("<span class=\"muted\">{}</span>", values.isEmpty() ? "no history" : "one snapshot");
        }
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            double x = 2 + 116.0 * i / (values.size() - 1);
            double y = 26 - 24.0 * Math.max(0, Math.min(100, values.get(i))) / 100;
            path.append(i == 0 ? "M" : "L").append(fmt(x)).append(' ').append(fmt(y));
        }
        return Html.of("<svg class=\"spark\" viewBox=\"0 0 120 28\" role=\"img\" aria-label=\"{}\"><title>{}</title>"
                + "<path class=\"line\" d=\"{}\"/></svg>", label, label, path.toString());
    }

    /**
     * One or two series of values 0-100 over time, with a time axis and 0/50/100 gridlines.
     * {@code second} may be empty.
     */
    static Html lines(List<Point> first, String firstName, List<Point> second, String secondName, String label) {
        if (first.isEmpty()) {
            return Html.of("<p class=\"muted\">No complete snapshot in this range.</p>");
        }
        int w = 900;
        int h = 240;
        int left = 40;
        int right = 10;
        int top = 10;
        int bottom = 40;
        long t0 = first.getFirst().at().getEpochSecond();
        long t1 = Math.max(t0 + 1, first.getLast().at().getEpochSecond());
        List<Html> grid = new java.util.ArrayList<>();
        for (int v : new int[] {0, 50, 100}) {
            double y = top + (h - top - bottom) * (1 - v / 100.0);
            grid.add(Html.of("<line class=\"axis\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/><text x=\"4\" y=\"{}\">{}"
                    + "</text>", left, fmt(y), w - right, fmt(y), fmt(y + 4), v));
        }
        grid.add(Html.of("<text x=\"{}\" y=\"{}\">{}</text><text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
                left, h - 22, DAY.format(first.getFirst().at()), w - right, h - 22, DAY.format(first.getLast().at())));
        grid.add(Html.of("<text x=\"{}\" y=\"{}\">── {}</text>", left, h - 4, firstName));
        if (!second.isEmpty()) {
            grid.add(Html.of("<text x=\"{}\" y=\"{}\">- - {}</text>", left + 200, h - 4, secondName));
        }
        return Html.of("<svg class=\"chart\" viewBox=\"0 0 {} {}\" role=\"img\" aria-label=\"{}\"><title>{}</title>{}"
                        + "<path class=\"line\" d=\"{}\"/>{}</svg>", w, h, label, label, Html.each(grid, g -> g),
                path(first, t0, t1, left, w - right, top, h - bottom),
                second.isEmpty() ? Html.EMPTY : Html.of("<path class=\"line2\" d=\"{}\"/>",
                        path(second, t0, t1, left, w - right, top, h - bottom)));
    }

    private static String path(List<Point> points, long t0, long t1, int x0, int x1, int y0, int y1) {
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < points.size(); i++) {
            Point p = points.get(i);
            double x = x0 + (x1 - x0) * (double) (p.at().getEpochSecond() - t0) / (t1 - t0);
            double y = y0 + (y1 - y0) * (1 - Math.max(0, Math.min(100, p.value())) / 100);
            path.append(i == 0 ? "M" : "L").append(fmt(x)).append(' ').append(fmt(y));
        }
        if (points.size() == 1) {
            path.append("h2");
        }
        return path.toString();
    }

    private static String fmt(double d) {
        return String.format(java.util.Locale.ROOT, "%.1f", d);
    }
}
