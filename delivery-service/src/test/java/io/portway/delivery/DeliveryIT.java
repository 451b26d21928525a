package io.portway.delivery;

import io.portway.testsupport.WithPortwayInfrastructure;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.context.SpringBootTest;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

/**
 * The delivery service on a random port against the embedded PostgreSQL and Kafka, with fast polling, short leases
 * and HTTP timeouts: one configuration, so every IT that carries it shares one Spring context. An IT that needs
 * other properties declares its own {@code @SpringBootTest} (and gets a context of its own).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = RANDOM_PORT, properties = {
        "portway.delivery.poll-interval=PT0.05S",
        "portway.delivery.lease=PT5S",
        "portway.delivery.http-read-timeout=PT2S"})
@WithPortwayInfrastructure
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public @interface DeliveryIT {
}
