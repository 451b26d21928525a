package io.portway.support;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.List;

/**
 * The users of a service ({@code portway.security.users[i].username|password|roles}). Passwords carry their
 * encoding as a prefix: {@code {bcrypt}…} in production, {@code {noop}…} for local runs and tests.
 */
@ConfigurationProperties("portway.security")
public record PortwaySecurityProperties(List<User> users) {

    public PortwaySecurityProperties {
        users = users == null ? List.of() : List.copyOf(users);
    }

    public record User(String username, String password, List<String> roles) {
        public User {
            roles = roles == null ? List.of() : List.copyOf(roles);
        }
    }
}
