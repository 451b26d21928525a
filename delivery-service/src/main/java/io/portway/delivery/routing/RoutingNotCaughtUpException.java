package io.portway.delivery.routing;

import io.portway.support.PortwayException;
import org.springframework.http.HttpStatus;

import java.time.Duration;

/**
 * 503 {@code ROUTING_NOT_CAUGHT_UP}: the routing table did not reach, within the bound, every port and group change
 * acknowledged before the message arrived (docs/RULES.md §7). Nothing was stored; the same message may be sent again.
 */
public class RoutingNotCaughtUpException extends PortwayException {

    /** Seconds a client should wait before sending the message again ({@code Retry-After}). */
    public static final int RETRY_AFTER_SECONDS = 1;

    RoutingNotCaughtUpException(Duration waited, String behind) {
        super(HttpStatus.SERVICE_UNAVAILABLE, "ROUTING_NOT_CAUGHT_UP", "the routing table has not yet applied every "
                + "port and group change acknowledged before this message arrived (waited " + waited.toMillis()
                + " ms; " + behind + "); nothing was stored, send the message again after " + RETRY_AFTER_SECONDS
                + " s");
    }
}
