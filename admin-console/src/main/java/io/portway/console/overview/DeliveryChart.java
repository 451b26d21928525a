package io.portway.console.overview;

import org.springframework.web.util.HtmlUtils;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Deliveries and failures per minute as an inline {@code <svg>}: one stacked bar per minute (delivered below,
 * failed on top) against the left axis, the delivery-latency p99 as a line against the right axis, times in UTC.
 * Server-rendered, no script: the page shows it as it is.
 */
final class DeliveryChart {

    /** One minute of the series. */
    record Minute(Instant minute, long delivered, long failed, Long latencyP99Millis) {
    }

    static final int WIDTH = 760;
    static final int HEIGHT = 240;
    static final int LEFT = 48;
    static final int RIGHT = 64;
    static final int TOP = 16;
    static final int BOTTOM = 32;
    static final int PLOT_WIDTH = WIDTH - LEFT - RIGHT;
    static final int PLOT_HEIGHT = HEIGHT - TOP - BOTTOM;

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

    private DeliveryChart() {
    }

    static String svg(List<Minute> minutes) {
        StringBuilder svg = new StringBuilder();
        long delivered = minutes.stream().mapToLong(Minute::delivered).sum();
        long failed = minutes.stream().mapToLong(Minute::failed).sum();
        String summary = minutes.isEmpty() ? "No data"
                : delivered + " delivered and " + failed + " failed in the last " + minutes.size() + " minute(s)";
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" id=\"deliveries-chart\" viewBox=\"0 0 ")
                .append(WIDTH).append(' ').append(HEIGHT).append("\" role=\"img\" aria-label=\"")
                .append(escape(summary)).append("\"><title>Deliveries and failures per minute: ")
                .append(escape(summary)).append("</title>");
        if (minutes.isEmpty()) {
            svg.append(text(LEFT + PLOT_WIDTH / 2.0, TOP + PLOT_HEIGHT / 2.0, "middle", "No data")).append("</svg>");
            return svg.toString();
        }
        long countMax = niceCeiling(minutes.stream().mapToLong(minute -> minute.delivered() + minute.failed())
                .max().orElse(0));
        long latencyMax = niceCeiling(minutes.stream().filter(minute -> minute.latencyP99Millis() != null)
                .mapToLong(Minute::latencyP99Millis).max().orElse(0));
        boolean anyLatency = minutes.stream().anyMatch(minute -> minute.latencyP99Millis() != null);
        double slot = (double) PLOT_WIDTH / minutes.size();

        // axes, grid lines and their labels
        for (int tick = 0; tick <= 2; tick++) {
            double y = TOP + PLOT_HEIGHT - PLOT_HEIGHT * tick / 2.0;
            svg.append(line(LEFT, y, LEFT + PLOT_WIDTH, y, tick == 0 ? "axis" : "grid"));
            if (tick != 1 || countMax % 2 == 0) {
                svg.append(text(LEFT - 6, y + 4, "end", Long.toString(countMax * tick / 2)));
            }
            if (anyLatency && (tick != 1 || latencyMax % 2 == 0)) {
                svg.append(text(LEFT + PLOT_WIDTH + 6, y + 4, "start", millis(latencyMax * tick / 2)));
            }
        }
        svg.append(line(LEFT, TOP, LEFT, TOP + PLOT_HEIGHT, "axis"));
        svg.append(line(LEFT + PLOT_WIDTH, TOP, LEFT + PLOT_WIDTH, TOP + PLOT_HEIGHT, "axis"));
        int every = Math.max(1, (int) Math.ceil(minutes.size() / 6.0));
        for (int i = 0; i < minutes.size(); i += every) {
            svg.append(text(LEFT + slot * i + slot / 2, HEIGHT - BOTTOM + 16, "middle",
                    CLOCK.format(minutes.get(i).minute())));
        }
        svg.append(text(LEFT + PLOT_WIDTH / 2.0, HEIGHT - 2, "middle", "minute (UTC)"));

        // stacked bars: delivered, then failed above it
        double barWidth = Math.max(1, slot - 2);
        for (int i = 0; i < minutes.size(); i++) {
            Minute minute = minutes.get(i);
            double x = LEFT + slot * i + (slot - barWidth) / 2;
            double deliveredHeight = height(minute.delivered(), countMax);
            double failedHeight = height(minute.failed(), countMax);
            String label = CLOCK.format(minute.minute()) + ": " + minute.delivered() + " delivered, "
                    + minute.failed() + " failed" + (minute.latencyP99Millis() == null ? ""
                    : ", p99 " + millis(minute.latencyP99Millis()));
            if (minute.delivered() > 0) {
                svg.append(bar("delivered", x, TOP + PLOT_HEIGHT - deliveredHeight, barWidth, deliveredHeight,
                        label));
            }
            if (minute.failed() > 0) {
                svg.append(bar("failed", x, TOP + PLOT_HEIGHT - deliveredHeight - failedHeight, barWidth,
                        failedHeight, label));
            }
        }

        // the p99 line: one polyline per run of minutes that have deliveries
        List<String> run = new ArrayList<>();
        for (int i = 0; i <= minutes.size(); i++) {
            Long p99 = i < minutes.size() ? minutes.get(i).latencyP99Millis() : null;
            if (p99 != null) {
                run.add(number(LEFT + slot * i + slot / 2) + "," + number(TOP + PLOT_HEIGHT - height(p99, latencyMax)));
            } else if (!run.isEmpty()) {
                svg.append(run.size() == 1
                        ? "<circle class=\"p99\" r=\"2.5\" cx=\"" + run.get(0).replace(",", "\" cy=\"") + "\"/>"
                        : "<polyline class=\"p99\" fill=\"none\" points=\"" + String.join(" ", run) + "\"/>");
                run.clear();
            }
        }
        if (delivered + failed == 0) {
            svg.append(text(LEFT + PLOT_WIDTH / 2.0, TOP + PLOT_HEIGHT / 2.0, "middle",
                    "Nothing delivered or failed"));
        }
        svg.append("</svg>");
        return svg.toString();
    }

    /** The height of {@code value} in a plot whose top is {@code max}. */
    static double height(long value, long max) {
        return max <= 0 ? 0 : PLOT_HEIGHT * (double) value / max;
    }

    /** The axis top: 1, 2 or 5 times a power of ten, at least {@code value} (and at least 1). */
    static long niceCeiling(long value) {
        long step = 1;
        while (true) {
            for (long factor : new long[] {1, 2, 5}) {
                if (step * factor >= value) {
                    return step * factor;
                }
            }
            step *= 10;
        }
    }

    private static String millis(long millis) {
        return millis >= 10_000 ? (millis / 1000) + " s" : millis + " ms";
    }

    private static String bar(String kind, double x, double y, double width, double height, String label) {
        return "<rect class=\"" + kind + "\" x=\"" + number(x) + "\" y=\"" + number(y) + "\" width=\""
                + number(width) + "\" height=\"" + number(height) + "\"><title>" + escape(label) + "</title></rect>";
    }

    private static String line(double x1, double y1, double x2, double y2, String kind) {
        return "<line class=\"" + kind + "\" x1=\"" + number(x1) + "\" y1=\"" + number(y1) + "\" x2=\""
                + number(x2) + "\" y2=\"" + number(y2) + "\"/>";
    }

    private static String text(double x, double y, String anchor, String text) {
        return "<text x=\"" + number(x) + "\" y=\"" + number(y) + "\" text-anchor=\"" + anchor + "\">"
                + escape(text) + "</text>";
    }

    static String number(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    private static String escape(String text) {
        return HtmlUtils.htmlEscape(text);
    }
}
