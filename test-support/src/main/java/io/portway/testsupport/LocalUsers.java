package io.portway.testsupport;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The four users of tests and the local stack (CONVENTIONS.md), as {@code portway.security.users[i]} properties. */
final class LocalUsers {

    private record LocalUser(String username, String role) {
    }

    private static final List<LocalUser> USERS = List.of(
            new LocalUser("admin", "ADMIN"),
            new LocalUser("operator", "OPERATOR"),
            new LocalUser("viewer", "VIEWER"),
            new LocalUser("publisher", "PUBLISHER"));

    private LocalUsers() {
    }

    static Map<String, Object> asProperties() {
        Map<String, Object> properties = new LinkedHashMap<>();
        for (int i = 0; i < USERS.size(); i++) {
            LocalUser user = USERS.get(i);
            String prefix = "portway.security.users[" + i + "].";
            properties.put(prefix + "username", user.username());
            properties.put(prefix + "password", "{noop}" + user.username());
            properties.put(prefix + "roles[0]", user.role());
        }
        return properties;
    }
}
