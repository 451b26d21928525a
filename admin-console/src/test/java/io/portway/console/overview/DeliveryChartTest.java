package io.portway.console.overview;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class DeliveryChartTest {

    private static final Instant START = Instant.parse("2026-12-01T10:00:00Z");
    private static final Pattern RECT = Pattern.compile(
            "<rect class=\"(\\w+)\" x=\"([\\d.]+)\" y=\"([\\d.]+)\" width=\"[\\d.]+\" height=\"([\\d.]+)\">");
    private static final Pattern POLYLINE = Pattern.compile("<polyline class=\"p99\" fill=\"none\" points=\"([^\"]+)\"");

    private static DeliveryChart.Minute minute(int offset, long delivered, long failed, Long p99) {
        return new DeliveryChart.Minute(START.plusSeconds(60L * offset), delivered, failed, p99);
    }

    private static List<String[]> bars(String svg) {
        List<String[]> bars = new ArrayList<>();
        Matcher matcher = RECT.matcher(svg);
        while (matcher.find()) {
            bars.add(new String[] {matcher.group(1), matcher.group(2), matcher.group(3), matcher.group(4)});
        }
        return bars;
    }

    @Test
    void bars_scale_to_the_busiest_minute_and_failures_stack_on_deliveries() {
        String svg = DeliveryChart.svg(List.of(minute(0, 10, 0, 50L), minute(1, 5, 0, 25L), minute(2, 4, 1, null)));

        List<String[]> bars = bars(svg);
        assertThat(bars).hasSize(4);
        double full = DeliveryChart.PLOT_HEIGHT;
        double bottom = DeliveryChart.TOP + full;
        // the axis top is 10 (a nice ceiling of the busiest minute)
        assertThat(bars.get(0)[0]).isEqualTo("delivered");
        assertThat(Double.parseDouble(bars.get(0)[3])).isEqualTo(full, org.assertj.core.data.Offset.offset(0.1));
        assertThat(Double.parseDouble(bars.get(0)[2])).isEqualTo(DeliveryChart.TOP, org.assertj.core.data.Offset.offset(0.1));
        assertThat(Double.parseDouble(bars.get(1)[3])).isEqualTo(full / 2, org.assertj.core.data.Offset.offset(0.1));
        assertThat(bars.get(3)[0]).isEqualTo("failed");
        double delivered = Double.parseDouble(bars.get(2)[3]);
        assertThat(Double.parseDouble(bars.get(3)[2]) + Double.parseDouble(bars.get(3)[3]))
                .isEqualTo(bottom - delivered, org.assertj.core.data.Offset.offset(0.2));
        // bars go left to right in time
        assertThat(Double.parseDouble(bars.get(0)[1])).isLessThan(Double.parseDouble(bars.get(1)[1]));
        // the p99 line: 50 ms is the right axis' top, 25 ms half of it; the minute without deliveries has no point
        Matcher line = POLYLINE.matcher(svg);
        assertThat(line.find()).isTrue();
        String[] points = line.group(1).split(" ");
        assertThat(points).hasSize(2);
        assertThat(Double.parseDouble(points[0].split(",")[1])).isEqualTo(DeliveryChart.TOP,
                org.assertj.core.data.Offset.offset(0.1));
        assertThat(Double.parseDouble(points[1].split(",")[1])).isEqualTo(bottom - full / 2,
                org.assertj.core.data.Offset.offset(0.1));
        assertThat(svg).contains(">50 ms<").contains(">10<").contains(">10:00<")
                .contains("19 delivered and 1 failed in the last 3 minute(s)");
    }

    @Test
    void an_empty_series_says_no_data_and_draws_nothing() {
        String svg = DeliveryChart.svg(List.of());

        assertThat(svg).startsWith("<svg").endsWith("</svg>").contains("No data");
        assertThat(bars(svg)).isEmpty();
        assertThat(svg).doesNotContain("<polyline").doesNotContain("<line");
    }

    @Test
    void an_all_zero_series_draws_axes_without_bars_or_line_and_says_so() {
        List<DeliveryChart.Minute> minutes = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            minutes.add(minute(i, 0, 0, null));
        }

        String svg = DeliveryChart.svg(minutes);

        assertThat(bars(svg)).isEmpty();
        assertThat(svg).doesNotContain("<polyline").doesNotContain("NaN").doesNotContain("Infinity")
                .contains("<line class=\"axis\"").contains("Nothing delivered or failed")
                .contains("0 delivered and 0 failed in the last 60 minute(s)");
    }

    @Test
    void axis_tops_are_round_numbers() {
        assertThat(DeliveryChart.niceCeiling(0)).isEqualTo(1);
        assertThat(DeliveryChart.niceCeiling(3)).isEqualTo(5);
        assertThat(DeliveryChart.niceCeiling(11)).isEqualTo(20);
        assertThat(DeliveryChart.niceCeiling(4_001)).isEqualTo(5_000);
    }
}
