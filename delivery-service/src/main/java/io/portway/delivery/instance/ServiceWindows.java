package io.portway.delivery.instance;

import io.portway.events.ServiceWindow;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/** Service windows (docs/RULES.md §9): {@code from} inclusive, {@code to} exclusive, UTC unless a zone is named. */
final class ServiceWindows {

    private ServiceWindows() {
    }

    /** Null when the window is open at {@code now}, else when it opens next. */
    static Instant nextOpening(ServiceWindow window, Instant now) {
        if (window == null || window.from() == null || window.to() == null || window.from().equals(window.to())) {
            return null;
        }
        ZoneId zone = window.zone() == null || window.zone().isBlank() ? ZoneOffset.UTC : ZoneId.of(window.zone());
        ZonedDateTime time = now.atZone(zone);
        LocalTime local = time.toLocalTime();
        LocalTime from = window.from();
        LocalTime to = window.to();
        boolean open = from.isBefore(to)
                ? !local.isBefore(from) && local.isBefore(to)
                : !local.isBefore(from) || local.isBefore(to);
        if (open) {
            return null;
        }
        ZonedDateTime next = time.with(from);
        if (!next.isAfter(time)) {
            next = next.plusDays(1);
        }
        return next.toInstant();
    }
}
