package io.portway.delivery.message;

import java.util.List;

/** The answer to a publish: the message id and, per port, how it was reached and its instance. */
public record PublishAnswer(String messageId, List<RouteAnswer> routes) {

    public record RouteAnswer(String sendPort, String via, String instanceId, String status) {
    }
}
