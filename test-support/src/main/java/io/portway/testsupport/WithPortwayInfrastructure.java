package io.portway.testsupport;

import org.springframework.test.context.ContextConfiguration;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Gives a Spring test context a real PostgreSQL database and real Kafka topics of its own:
 * <pre>
 * &#64;SpringBootTest(webEnvironment = RANDOM_PORT)
 * &#64;WithPortwayInfrastructure
 * class SendPortIT { ... }
 * </pre>
 * The servers are shared by the whole test JVM (see {@link PortwayTestInfrastructure}); each application context
 * gets a fresh database, its own topic names and the four local users. Test classes whose configuration is
 * identical share one cached context, and with it its database and topics.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ContextConfiguration(initializers = PortwayInfrastructureInitializer.class)
public @interface WithPortwayInfrastructure {
}
