package io.portway.command;

import io.portway.messaging.Topics;
import io.portway.testsupport.PortwayTestInfrastructure;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A command's answer waits for Kafka even when another instance of the service publishes its events (it owns the
 * publication processor's segments), and says {@code Portway-Published: false} when nobody published them in time.
 */
class PublishedAnswersIT {

    @Test
    void anAnswerWaitsForThePublicationOfAnotherInstance_orSaysItIsNotPublishedYet() {
        String jdbcUrl = PortwayTestInfrastructure.newDatabaseJdbcUrl();
        String topic = Topics.SEND_PORT_EVENTS + ".answers-" + UUID.randomUUID();
        try (ConfigurableApplicationContext answering = start(jdbcUrl, topic, "1s");
             KafkaTopicReader reader = new KafkaTopicReader(topic)) {
            answering.getBean(EventProcessingConfiguration.class).eventProcessor("kafka-publication")
                    .ifPresent(EventProcessor::shutDown);
            Api api = new Api("http://localhost:" + port(answering), "admin");

            long before = System.nanoTime();
            var unpublished = api.post("/api/send-ports", Api.staticPort("alone"));
            assertThat(unpublished.getStatusCode().value()).as("the change is committed").isEqualTo(201);
            assertThat(unpublished.getHeaders().getFirst("Portway-Published")).isEqualTo("false");
            assertThat(System.nanoTime() - before).as("it waited the configured second").isGreaterThan(1_000_000_000L);
            assertThat(reader.recordsOnTopicNow()).isEmpty();

            try (ConfigurableApplicationContext publishing = start(jdbcUrl, topic, "5s")) {
                var created = api.post("/api/send-ports", Api.staticPort("elsewhere"));
                assertThat(created.getStatusCode().value()).isEqualTo(201);
                assertThat(created.getHeaders().getFirst("Portway-Published")).isNull();
                assertThat(KafkaTopicReader.keysAndSequences(reader.recordsOnTopicNow()))
                        .as("published by the other instance before the answer").contains("elsewhere@1");

                var started = new Api("http://localhost:" + port(publishing), "admin")
                        .post("/api/send-ports/elsewhere/start", "");
                assertThat(started.getStatusCode().value()).isEqualTo(200);
                assertThat(KafkaTopicReader.keysAndSequences(reader.recordsOnTopicNow()))
                        .contains("alone@1", "elsewhere@1", "elsewhere@2", "elsewhere@3");
            }
        }
    }

    private static ConfigurableApplicationContext start(String jdbcUrl, String topic, String wait) {
        return new SpringApplicationBuilder(CommandServiceApplication.class).run(
                "--server.port=0",
                "--spring.datasource.url=" + jdbcUrl,
                "--spring.datasource.username=" + PortwayTestInfrastructure.jdbcUser(),
                "--spring.datasource.password=" + PortwayTestInfrastructure.jdbcPassword(),
                "--spring.kafka.bootstrap-servers=" + PortwayTestInfrastructure.kafkaBootstrapServers(),
                "--portway.topics.send-port-events=" + topic,
                "--portway.command.publication-wait=" + wait,
                "--portway.security.users[0].username=admin",
                "--portway.security.users[0].password={noop}admin",
                "--portway.security.users[0].roles[0]=ADMIN");
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }
}
