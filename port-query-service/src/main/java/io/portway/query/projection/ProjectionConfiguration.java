package io.portway.query.projection;

import io.portway.support.PortwayTopics;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.RetryListener;
import io.portway.support.ConsumerHalts;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import java.util.Map;
import org.springframework.util.backoff.FixedBackOff;

@Configuration(proxyBeanMethods = false)
class ProjectionConfiguration {

    static final String CONSUMER_GROUP = "port-query-service";
    static final String RETRYING = "retrying";
    static final int RETRIES_BEFORE_DOWN = 10;

    /**
     * As the command service creates it; declared here too so the live consumer never subscribes to a topic that
     * does not exist yet (it could then wait minutes for its partitions).
     */
    @Bean
    NewTopic sendPortEventsTopic(PortwayTopics topics) {
        return TopicBuilder.name(topics.sendPortEvents()).partitions(3).config("retention.ms", "-1").build();
    }

    @Bean
    Projector projector() {
        return new Projector();
    }

    /**
     * The live consumer. A batch that fails for a reason that is not its events' own (database unreachable, a gap
     * waiting for a missing event) is retried from the failed record; from the {@value #RETRIES_BEFORE_DOWN}th
     * attempt on readiness is DOWN naming the record (consumer {@value ProjectionFailures#CONSUMER}, subject
     * {@value #RETRYING}) until a batch is applied again. Events that cannot be applied are not retried
     * ({@link ProjectionFailures}). Offsets are committed asynchronously after each batch.
     */
    @Bean
    @SuppressWarnings("unchecked")
    ConcurrentMessageListenerContainer<String, byte[]> sendPortEventsContainer(
            ConcurrentKafkaListenerContainerFactory<?, ?> factory, PortwayTopics topics, LiveProjection listener,
            ConsumerHalts halts) {
        ConcurrentMessageListenerContainer<String, byte[]> container =
                ((ConcurrentKafkaListenerContainerFactory<String, byte[]>) factory)
                        .createContainer(topics.sendPortEvents());
        container.getContainerProperties().setGroupId(CONSUMER_GROUP);
        container.getContainerProperties().setMessageListener(listener);
        // the offsets of an applied batch are committed without waiting for the broker, so the next poll does not
        // wait for that round trip; an offset lost with a crash only redelivers events, which are skipped as
        // duplicates (each artifact's sequence is checked)
        container.getContainerProperties().setSyncCommits(false);
        DefaultErrorHandler retrying = new DefaultErrorHandler(new FixedBackOff(200L,
                FixedBackOff.UNLIMITED_ATTEMPTS));
        retrying.setRetryListeners(new RetryListener() {
            @Override
            public void failedDelivery(ConsumerRecord<?, ?> record, Exception failure, int attempt) {
                if (attempt >= RETRIES_BEFORE_DOWN) {
                    halts.halt(ProjectionFailures.CONSUMER, RETRYING, ProjectionFailures.reason(failure), Map.of(
                            "topic", record.topic(), "partition", record.partition(), "offset", record.offset(),
                            "attempts", attempt));
                }
            }

            @Override
            public void failedDelivery(ConsumerRecords<?, ?> records, Exception failure, int attempt) {
                if (attempt >= RETRIES_BEFORE_DOWN && !records.isEmpty()) {
                    failedDelivery(records.iterator().next(), failure, attempt);
                }
            }
        });
        container.setCommonErrorHandler(retrying);
        return container;
    }
}
