package io.portway.support;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.List;

/**
 * The users of a service ({@code portway.security.users[i].username|password|roles}). Passwords carry their
 * encoding as a prefix: {@code {bcrypt}…} in production, {@code {noop}…} for local runs and tests.
 * {@code allowed-origins} lists the browser origins (e.g. {@code https://console.example.com}) besides the
 * service's own that may send POST, PUT and DELETE requests carrying an {@code Origin} header.
 */
@ConfigurationProperties("portway.security")
public record PortwaySecurityProperties(List<User> users, List<String> allowedOrigins) {

    public PortwaySecurityProperties {
        users = users == null ? List.of() : List.copyOf(users);
        allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
    }

    public record User(String username, String password, List<String> roles) {
        public User {
            roles = roles == null ? List.of() : List.copyOf(roles);
        }
    }
}
