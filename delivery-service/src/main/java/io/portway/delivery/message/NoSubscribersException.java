package io.portway.delivery.message;

import io.portway.support.PortwayException;
import org.springframework.http.HttpStatus;

/** No started, stopped or group-reached port subscribes to the message (docs/RULES.md §4): a routing failure. */
class NoSubscribersException extends PortwayException {

    NoSubscribersException(String messageId, String reportId) {
        super(HttpStatus.UNPROCESSABLE_ENTITY, "NO_SUBSCRIBERS", "message '" + messageId
                + "' matches no enlisted send port or group; routing-failure report " + reportId + " was kept");
    }
}
