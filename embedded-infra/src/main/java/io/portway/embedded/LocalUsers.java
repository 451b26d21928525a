package io.portway.embedded;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The four local users of the local stack and of tests (CONVENTIONS.md): user name = password, one role each,
 * given to the services as {@code portway.security.users[i]}.
 */
public final class LocalUsers {

    public record LocalUser(String username, String role) {
    }

    public static final List<LocalUser> ALL = List.of(
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
    public static Map<String, String> asEnvironment() {
        return numbered(i -> "PORTWAY_SECURITY_USERS_" + i + "_", "USERNAME", "PASSWORD", "ROLES_0");
    }

    /** {@code portway.security.users[i].username=…} etc.: properties, for a test's application context. */
    public static Map<String, Object> asProperties() {
        return new LinkedHashMap<>(numbered(i -> "portway.security.users[" + i + "].", "username", "password",
                "roles[0]"));
    }

    private static Map<String, String> numbered(IntFunction<String> prefixes, String username, String password,
            String role) {
        Map<String, String> entries = new LinkedHashMap<>();
        for (int i = 0; i < ALL.size(); i++) {
            LocalUser user = ALL.get(i);
            String prefix = prefixes.apply(i);
            entries.put(prefix + username, user.username());
            entries.put(prefix + password, "{noop}" + user.username());
            entries.put(prefix + role, user.role());
        }
        return entries;
    }
}
