package io.portway.command.config;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;

/** The service's real security rules, for web slice tests. */
@TestConfiguration
@Import(SecurityConfiguration.class)
public class TestSecurity {
}
