package io.portway.testsupport;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcTemplateAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(classes = PortwayInfrastructureIT.JdbcOnly.class, properties = "portway.topics.messages=overridden")
@WithPortwayInfrastructure
class PortwayInfrastructureIT {

    @SpringBootConfiguration
    @ImportAutoConfiguration({DataSourceAutoConfiguration.class, JdbcTemplateAutoConfiguration.class})
    static class JdbcOnly {
    }

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    Environment environment;

    @Test
    void contextGetsAFreshDatabaseTopicsOfItsOwnAndTheLocalUsers() {
        assertThat(jdbc.queryForObject("SELECT current_database()", String.class)).startsWith("it_");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'", Integer.class))
                .isZero();
        assertThat(environment.getProperty("portway.topics.send-port-events"))
                .startsWith("portway.send-port-events.it");
        assertThat(environment.getProperty("portway.topics.delivery-events"))
                .startsWith("portway.delivery-events.it");
        assertThat(environment.getProperty("portway.topics.messages"))
                .as("the test's own properties win").isEqualTo("overridden");
        assertThat(environment.getProperty("spring.kafka.bootstrap-servers"))
                .isEqualTo(PortwayTestInfrastructure.kafkaBootstrapServers());
        assertThat(List.of(0, 1, 2, 3)).extracting(i -> environment.getProperty("portway.security.users[" + i + "].username")
                        + ":" + environment.getProperty("portway.security.users[" + i + "].password")
                        + ":" + environment.getProperty("portway.security.users[" + i + "].roles[0]"))
                .containsExactly("admin:{noop}admin:ADMIN", "operator:{noop}operator:OPERATOR",
                        "viewer:{noop}viewer:VIEWER", "publisher:{noop}publisher:PUBLISHER");
    }

    @Test
    void anotherContextSeesNeitherThisDatabaseNorTheseTopics() {
        jdbc.execute("CREATE TABLE IF NOT EXISTS only_in_first (id int)");
        try (ConfigurableApplicationContext second = new SpringApplicationBuilder(JdbcOnly.class)
                .web(WebApplicationType.NONE)
                .initializers(new PortwayInfrastructureInitializer())
                .run()) {
            Environment other = second.getEnvironment();
            JdbcTemplate otherJdbc = second.getBean(JdbcTemplate.class);
            assertThat(otherJdbc.queryForObject("SELECT current_database()", String.class))
                    .startsWith("it_")
                    .isNotEqualTo(jdbc.queryForObject("SELECT current_database()", String.class));
            assertThat(otherJdbc.queryForObject(
                    "SELECT count(*) FROM pg_tables WHERE tablename = 'only_in_first'", Integer.class)).isZero();
            for (String topic : List.of("send-port-events", "messages", "delivery-events")) {
                assertThat(other.getProperty("portway.topics." + topic))
                        .isNotEqualTo(environment.getProperty("portway.topics." + topic));
            }
        }
    }

    @Test
    void helpersGiveAFreshDatabaseAndAWorkingBroker() throws Exception {
        String url = PortwayTestInfrastructure.newDatabaseJdbcUrl();
        try (Connection connection = DriverManager.getConnection(url,
                PortwayTestInfrastructure.jdbcUser(), PortwayTestInfrastructure.jdbcPassword())) {
            assertThat(connection.isValid(5)).isTrue();
            assertThat(url).isNotEqualTo(PortwayTestInfrastructure.newDatabaseJdbcUrl());
        }
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, PortwayTestInfrastructure.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("helpers-topic", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains("helpers-topic");
        }
    }
}
