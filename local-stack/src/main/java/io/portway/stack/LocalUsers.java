package io.portway.stack;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The four local users (CONVENTIONS.md): user name = password, one role each. */
final class LocalUsers {

    record LocalUser(String username, String role) {
    }

    static final List<LocalUser> ALL = List.of(
            new LocalUser("admin", "ADMIN"),
            new LocalUser("operator", "OPERATOR"),
            new LocalUser("viewer", "VIEWER"),
            new LocalUser("publisher", "PUBLISHER"));

    private LocalUsers() {
    }

    /**
     * {@code PORTWAY_SECURITY_USERS_<i>_USERNAME=…} etc.: environment variables, which Spring Boot binds to
     * {@code portway.security.users[i].…}. Passwords never go on a command line, which every user of the machine
     * can read ({@code ps}); a process's environment only its owner can.
     */
    static Map<String, String> asEnvironment() {
        Map<String, String> environment = new LinkedHashMap<>();
        for (int i = 0; i < ALL.size(); i++) {
            LocalUser user = ALL.get(i);
            String prefix = "PORTWAY_SECURITY_USERS_" + i + "_";
            environment.put(prefix + "USERNAME", user.username());
            environment.put(prefix + "PASSWORD", "{noop}" + user.username());
            environment.put(prefix + "ROLES_0", user.role());
        }
        return environment;
    }
}
