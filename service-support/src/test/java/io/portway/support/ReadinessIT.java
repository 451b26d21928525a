package io.portway.support;

import io.micrometer.core.instrument.MeterRegistry;
import io.portway.testsupport.WithPortwayInfrastructure;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.web.servlet.MockMvc;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Readiness, with a real PostgreSQL and Kafka: the database, the broker and the consumer group's lag. */
@SpringBootTest(properties = "spring.kafka.consumer.group-id=readiness-it")
@AutoConfigureMockMvc
@WithPortwayInfrastructure
class ReadinessIT {

    @Autowired
    MockMvc mvc;

    @Autowired
    ConsumerHalts halts;

    @Autowired
    MeterRegistry meters;

    @Value("${spring.kafka.bootstrap-servers}")
    String kafka;

    @Value("${portway.topics.messages}")
    String topic;

    @Test
    void readiness_reports_the_database_the_broker_and_how_far_the_consumer_group_lags() throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            for (int i = 0; i < 5; i++) {
                producer.send(new ProducerRecord<>(topic, 0, "k", "v" + i)).get();
            }
        }
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka,
                ConsumerConfig.GROUP_ID_CONFIG, "readiness-it",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            consumer.commitSync(Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(2)));
        }

        await().untilAsserted(() -> mvc.perform(get("/actuator/health/readiness"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("UP"))
                .andExpect(jsonPath("$.components.db.status").value("UP"))
                .andExpect(jsonPath("$.components.kafka.status").value("UP"))
                .andExpect(jsonPath("$.components.kafka.details.lag").value(3)));
    }

    @Test
    void a_halted_consumer_turns_readiness_down_naming_the_record_until_it_resumes() throws Exception {
        halts.halt("projection", "artifact-1", "cannot apply", Map.of("name", "orders", "sequence", 3));

        mvc.perform(get("/actuator/health/readiness"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(jsonPath("$.components.consumers.status").value("DOWN"))
                .andExpect(jsonPath("$.components.consumers.details.halted.projection.artifact-1.name").value("orders"))
                .andExpect(jsonPath("$.components.consumers.details.halted.projection.artifact-1.sequence").value(3))
                .andExpect(jsonPath("$.components.consumers.details.halted.projection.artifact-1.reason")
                        .value("cannot apply"));
        assertThat(meters.counter("portway.consumer.failures", "consumer", "projection").count()).isEqualTo(1);

        halts.resume("projection", "artifact-1");
        mvc.perform(get("/actuator/health/readiness"))
                .andExpect(jsonPath("$.components.consumers.status").value("UP"));
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
        @Bean
        SecurityFilterChain security(HttpSecurity http) throws Exception {
            return PortwaySecurity.filterChain(http, rules -> { });
        }
    }
}
