package io.portway.messaging;

/** The Kafka topics in docs/asyncapi.yaml. */
public final class Topics {

    /** Every domain event of ports and groups, in order per artifact; key = artifact name. */
    public static final String SEND_PORT_EVENTS = "portway.send-port-events";
    /** Inbound messages to route: key = message id, value = body, headers {@code ctx_<property>} = context. */
    public static final String MESSAGES = "portway.messages";
    /** Service-instance outcomes: delivered, suspended, resumed, terminated, failed-message. */
    public static final String DELIVERY_EVENTS = "portway.delivery-events";

    private Topics() {
    }
}
