package io.portway.delivery.instance;

import io.portway.events.ServiceWindow;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalTime;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceWindowsTest {

    private static ServiceWindow window(String from, String to, String zone) {
        return new ServiceWindow(LocalTime.parse(from), LocalTime.parse(to), zone);
    }

    @Test
    void inside_the_window_sends_now_and_outside_waits_for_the_next_opening() {
        ServiceWindow window = window("08:00", "17:00", null);

        assertThat(ServiceWindows.nextOpening(window, Instant.parse("2026-01-05T08:00:00Z"))).isNull();
        assertThat(ServiceWindows.nextOpening(window, Instant.parse("2026-01-05T16:59:59Z"))).isNull();
        assertThat(ServiceWindows.nextOpening(window, Instant.parse("2026-01-05T17:00:00Z")))
                .isEqualTo(Instant.parse("2026-01-06T08:00:00Z"));
        assertThat(ServiceWindows.nextOpening(window, Instant.parse("2026-01-05T07:00:00Z")))
                .isEqualTo(Instant.parse("2026-01-05T08:00:00Z"));
    }

    @Test
    void a_window_may_cross_midnight_and_name_a_zone() {
        ServiceWindow night = window("22:00", "06:00", null);
        assertThat(ServiceWindows.nextOpening(night, Instant.parse("2026-01-05T23:30:00Z"))).isNull();
        assertThat(ServiceWindows.nextOpening(night, Instant.parse("2026-01-05T05:59:00Z"))).isNull();
        assertThat(ServiceWindows.nextOpening(night, Instant.parse("2026-01-05T12:00:00Z")))
                .isEqualTo(Instant.parse("2026-01-05T22:00:00Z"));

        ServiceWindow amsterdam = window("09:00", "10:00", "Europe/Amsterdam");
        assertThat(ServiceWindows.nextOpening(amsterdam, Instant.parse("2026-01-05T08:30:00Z"))).isNull();
        assertThat(ServiceWindows.nextOpening(amsterdam, Instant.parse("2026-01-05T09:30:00Z")))
                .isEqualTo(Instant.parse("2026-01-06T08:00:00Z"));
    }
}
