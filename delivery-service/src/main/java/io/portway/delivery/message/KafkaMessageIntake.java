package io.portway.delivery.message;

import io.portway.delivery.routing.RoutingNotCaughtUpException;
import io.portway.support.PortwayException;
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
 * <p>A record the intake cannot accept ({@link InvalidRecordException}) is parked on {@code portway.messages.dlt}
 * with its reason, and consumption goes on ({@link MessageIntakeKafkaConfiguration}). A message nobody subscribes
 * to is not such a record: it is accepted as a routing failure, whose report keeps its context
 * ({@code GET /api/routing-failures}), as a REST publish's is. A message that arrives before the routing table
 * reached the changes acknowledged before it ({@link RoutingNotCaughtUpException}) is retried, never committed
 * unrouted.
 */
@Component
class KafkaMessageIntake {

    static final String CONTEXT_PREFIX = "ctx_";
    static final int MAX_ID_LENGTH = 256;
    private static final Logger log = LoggerFactory.getLogger(KafkaMessageIntake.class);

    private final MessageIntake intake;

    KafkaMessageIntake(MessageIntake intake) {
        this.intake = intake;
    }

    @KafkaListener(id = "delivery-message-intake", topics = "${portway.topics.messages:portway.messages}",
            containerFactory = "intakeListenerFactory")
    void on(ConsumerRecord<String, byte[]> record) {
        IncomingMessage message = read(record);
        MessageIntake.Outcome outcome;
        try {
            outcome = intake.accept(message);
        } catch (RoutingNotCaughtUpException e) {
            throw e;
        } catch (PortwayException e) {
            if (e.status().is4xxClientError()) {
                throw new InvalidRecordException(e.code(), e.detail());
            }
            throw e;
        }
        if (outcome.failureReport() != null) {
            log.info("message {} from Kafka has no subscribers; routing-failure report {}", message.id(),
                    outcome.failureReport());
        }
    }

    private static IncomingMessage read(ConsumerRecord<String, byte[]> record) {
        Map<String, String> context = new HashMap<>();
        String contentType = null;
        for (Header header : record.headers()) {
            if (header.key().startsWith(CONTEXT_PREFIX)) {
                String property = header.key().substring(CONTEXT_PREFIX.length());
                if (property.isEmpty() || property.length() > 256 || hasControlCharacter(property)) {
                    throw InvalidRecordException.validation("header '" + printable(header.key())
                            + "': a context property name has 1 to 256 characters and no control characters");
                }
                String value = text(header);
                if (hasControlCharacter(value)) {
                    throw InvalidRecordException.validation("header '" + header.key()
                            + "': a context value may not hold control characters");
                }
                context.put(property, value);
            } else if (header.key().equalsIgnoreCase("content-type")) {
                contentType = text(header);
            }
        }
        String key = record.key();
        if (key != null && (key.length() > MAX_ID_LENGTH || hasControlCharacter(key))) {
            throw InvalidRecordException.validation("key: a message id has at most " + MAX_ID_LENGTH
                    + " characters and no control characters");
        }
        String id = key != null && !key.isBlank() ? key
                : record.topic() + "-" + record.partition() + "-" + record.offset();
        return new IncomingMessage(id, context, record.value(), contentType);
    }

    private static String text(Header header) {
        if (header.value() == null) {
            return "";
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(header.value())).toString();
        } catch (CharacterCodingException e) {
            throw InvalidRecordException.validation("header '" + printable(header.key()) + "' is not UTF-8 text");
        }
    }

    static boolean hasControlCharacter(String value) {
        return value.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
    }

    private static String printable(String value) {
        return value.codePoints().map(c -> c < 0x20 || c == 0x7f ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }
}
