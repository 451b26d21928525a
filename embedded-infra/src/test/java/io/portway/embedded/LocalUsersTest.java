package io.portway.embedded;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class LocalUsersTest {

    @Test
    void theLocalStackGetsTheUsersAsEnvironmentVariables() {
        assertThat(LocalUsers.asEnvironment()).hasSize(12).contains(
                entry("PORTWAY_SECURITY_USERS_0_USERNAME", "admin"),
                entry("PORTWAY_SECURITY_USERS_0_PASSWORD", "{noop}admin"),
                entry("PORTWAY_SECURITY_USERS_0_ROLES_0", "ADMIN"),
                entry("PORTWAY_SECURITY_USERS_3_ROLES_0", "PUBLISHER"));
        assertThat(LocalUsers.asEnvironment().keySet()).startsWith("PORTWAY_SECURITY_USERS_0_USERNAME",
                "PORTWAY_SECURITY_USERS_0_PASSWORD", "PORTWAY_SECURITY_USERS_0_ROLES_0",
                "PORTWAY_SECURITY_USERS_1_USERNAME");
    }

    @Test
    void testsGetTheSameUsersAsProperties() {
        assertThat(LocalUsers.asProperties()).hasSize(12).contains(
                entry("portway.security.users[2].username", "viewer"),
                entry("portway.security.users[2].password", "{noop}viewer"),
                entry("portway.security.users[2].roles[0]", "VIEWER"),
                entry("portway.security.users[3].username", "publisher"));
    }
}
