package io.portway.delivery.message;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Messages from {@code portway.messages}: key = message id (else topic-partition-offset, so a redelivered record
 * keeps its id), value = body, headers {@code ctx_<property>} = context, {@code content-type} = content type.
 * Each record is committed to PostgreSQL before the listener returns, and the offset only after that.
 *
 * <p>A record the intake refuses (a 4xx refusal such as {@code VALIDATION_FAILED}, or {@link InvalidRecordException})
 * is parked on {@code portway.messages.dlt} with its reason, and consumption goes on
 * ({@link MessageIntakeKafkaConfiguration}). A message nobody subscribes to is not refused: it is accepted as a
 * routing failure whose report keeps its context ({@code GET /api/routing-failures}), as a REST publish's is. A
 * message that arrives before the routing table reached the changes acknowledged before it is retried until it can
 * be routed by them, never committed unrouted.
 */
@Component
class KafkaMessageIntake {

    static final String CONTEXT_PREFIX = "ctx_";
    private static final Logger log = LoggerFactory.getLogger(KafkaMessageIntake.class);

    private final MessageIntake intake;
    private final MessageLimits limits;

    KafkaMessageIntake(MessageIntake intake, MessageLimits limits) {
        this.intake = intake;
        this.limits = limits;
    }

    @KafkaListener(id = "delivery-message-intake", topics = "${portway.topics.messages:portway.messages}",
            containerFactory = "intakeListenerFactory")
    void on(ConsumerRecord<String, byte[]> record) {
        Map<String, String> context = new HashMap<>();
        String contentType = null;
        for (Header header : record.headers()) {
            String value = text(header);
            if (header.key().startsWith(CONTEXT_PREFIX)) {
                context.put(header.key().substring(CONTEXT_PREFIX.length()), value);
            } else if (header.key().equalsIgnoreCase("content-type")) {
                contentType = value;
            }
        }
        String id = record.key() != null && !record.key().isBlank() ? record.key()
                : record.topic() + "-" + record.partition() + "-" + record.offset();
        IncomingMessage message = new IncomingMessage(id, context, record.value(), contentType);
        limits.check(message);
        MessageIntake.IntakeResult outcome = intake.accept(message);
        if (outcome.failureReport() != null) {
            log.info("message {} from Kafka has no subscribers; routing-failure report {}", id,
                    outcome.failureReport());
        }
    }

    private static String text(Header header) {
        if (header.value() == null) {
            return "";
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(header.value())).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidRecordException("VALIDATION_FAILED", "header '"
                    + header.key().replaceAll("\\p{Cntrl}", "?") + "' is not UTF-8 text");
        }
    }
}
