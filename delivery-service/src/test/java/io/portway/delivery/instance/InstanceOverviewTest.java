package io.portway.delivery.instance;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class InstanceOverviewTest {

    @Test
    void the_window_ends_after_the_current_minute_and_spans_whole_minutes() {
        Instant[] window = InstanceOverview.window(Instant.parse("2026-12-01T10:15:42Z"), 60);

        assertThat(window[0]).isEqualTo(Instant.parse("2026-12-01T09:16:00Z"));
        assertThat(window[1]).isEqualTo(Instant.parse("2026-12-01T10:16:00Z"));
    }

    @Test
    void minutes_without_outcomes_are_zero_and_measured_ones_keep_their_numbers() {
        Instant from = Instant.parse("2026-12-01T10:00:00Z");
        InstanceOverview.Minute measured = new InstanceOverview.Minute(Instant.parse("2026-12-01T10:01:00Z"), 4, 1,
                120L);

        List<InstanceOverview.Minute> minutes = InstanceOverview.everyMinute(from, from.plusSeconds(180),
                List.of(measured));

        assertThat(minutes).containsExactly(
                new InstanceOverview.Minute(from, 0, 0, null), measured,
                new InstanceOverview.Minute(Instant.parse("2026-12-01T10:02:00Z"), 0, 0, null));
    }
}
