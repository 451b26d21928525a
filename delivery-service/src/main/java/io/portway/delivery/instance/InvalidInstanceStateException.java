package io.portway.delivery.instance;

import io.portway.support.PortwayException;
import org.springframework.http.HttpStatus;

/** An operator action the instance's status does not allow (BizTalk's "Instance States During an Operation"). */
class InvalidInstanceStateException extends PortwayException {

    InvalidInstanceStateException(String id, String status, String action, String rule) {
        super(HttpStatus.CONFLICT, "INVALID_INSTANCE_STATE",
                "service instance " + id + " is " + status + " and cannot be " + action + ": " + rule);
    }
}
