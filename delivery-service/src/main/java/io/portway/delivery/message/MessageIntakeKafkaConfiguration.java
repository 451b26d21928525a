package io.portway.delivery.message;

import io.portway.delivery.routing.RoutingNotCaughtUpException;
import io.portway.support.PortwayException;
import io.portway.support.PortwayTopics;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.kafka.ConcurrentKafkaListenerContainerFactoryConfigurer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;

import java.nio.charset.StandardCharsets;

/**
 * How {@code portway.messages} is consumed (docs/RULES.md §7, no silent halt): a record the intake refuses (a 4xx
 * {@link PortwayException} such as {@code VALIDATION_FAILED} or {@code MESSAGE_TOO_LARGE}, an
 * {@link InvalidRecordException}, or a value the database cannot store: {@code UNSTORABLE}) goes at once to
 * {@code <messages topic>.dlt} ({@code portway.messages.dlt}) with headers {@value #REASON} (that code) and
 * {@value #DETAIL}, besides Spring Kafka's {@code kafka_dlt-*} headers (original
 * topic, partition, offset, exception), and the next record follows. The routing table not caught up yet and the
 * database away are waited for (the offset is not committed meanwhile; readiness shows the lag and the cause).
 * Anything else unexpected is tried {@value #ATTEMPTS} times, then parked with reason {@code INTAKE_FAILED}.
 */
@Configuration(proxyBeanMethods = false)
class MessageIntakeKafkaConfiguration {

    static final String REASON = "portway-dlt-reason";
    static final String DETAIL = "portway-dlt-detail";
    static final int ATTEMPTS = 3;
    private static final Logger log = LoggerFactory.getLogger(MessageIntakeKafkaConfiguration.class);

    static String deadLetterTopic(PortwayTopics topics) {
        return topics.messages() + ".dlt";
    }

    @Bean
    NewTopic messagesDeadLetterTopic(PortwayTopics topics) {
        return TopicBuilder.name(deadLetterTopic(topics)).partitions(3).build();
    }

    @Bean
    ConcurrentKafkaListenerContainerFactory<Object, Object> intakeListenerFactory(
            ConcurrentKafkaListenerContainerFactoryConfigurer configurer, ConsumerFactory<Object, Object> consumers,
            KafkaTemplate<Object, Object> kafka, PortwayTopics topics, MeterRegistry meters) {
        ConcurrentKafkaListenerContainerFactory<Object, Object> factory = new ConcurrentKafkaListenerContainerFactory<>();
        configurer.configure(factory, consumers);
        String deadLetters = deadLetterTopic(topics);
        Counter deadLettered = Counter.builder("portway.messages.dead.lettered")
                .description("portway.messages records parked on the dead-letter topic").register(meters);
        DeadLetterPublishingRecoverer park = new DeadLetterPublishingRecoverer(kafka,
                (record, e) -> new TopicPartition(deadLetters, -1));
        park.setHeadersFunction((record, e) -> {
            Throwable cause = cause(e);
            String reason = cause instanceof InvalidRecordException invalid ? invalid.code()
                    : cause instanceof PortwayException refusal ? refusal.code()
                    : cause instanceof DataIntegrityViolationException ? "UNSTORABLE" : "INTAKE_FAILED";
            String detail = String.valueOf(cause.getMessage());
            log.warn("record {}-{}@{} parked on {}: {} {}", record.topic(), record.partition(), record.offset(),
                    deadLetters, reason, detail);
            deadLettered.increment();
            RecordHeaders headers = new RecordHeaders();
            headers.add(REASON, reason.getBytes(StandardCharsets.UTF_8));
            headers.add(DETAIL, truncate(detail).getBytes(StandardCharsets.UTF_8));
            return headers;
        });
        DefaultErrorHandler errors = new DefaultErrorHandler(park, new FixedBackOff(500, ATTEMPTS - 1));
        BackOff untilItWorks = untilItWorks();
        BackOff never = new FixedBackOff(0, 0);
        errors.setBackOffFunction((record, e) ->
                waitedFor(cause(e)) ? untilItWorks : refused(cause(e)) ? never : null);
        factory.setCommonErrorHandler(errors);
        return factory;
    }

    /** The record itself is refused: parked at once. */
    private static boolean refused(Throwable e) {
        return e instanceof InvalidRecordException || e instanceof DataIntegrityViolationException
                || e instanceof PortwayException refusal && refusal.status().is4xxClientError();
    }

    /** The routing table behind or the database away: retried until it works, never parked. */
    private static boolean waitedFor(Throwable e) {
        return e instanceof RoutingNotCaughtUpException || e instanceof TransientDataAccessException
                || e instanceof DataAccessResourceFailureException || e instanceof CannotCreateTransactionException;
    }

    private static BackOff untilItWorks() {
        ExponentialBackOff backOff = new ExponentialBackOff(100, 2);
        backOff.setMaxInterval(5000);
        return backOff;
    }

    /** The listener's own exception, unwrapped from the container's. */
    private static Throwable cause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause
                && cause instanceof org.springframework.kafka.listener.ListenerExecutionFailedException) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static String truncate(String detail) {
        return detail.length() <= 1000 ? detail : detail.substring(0, 1000) + "…";
    }
}
