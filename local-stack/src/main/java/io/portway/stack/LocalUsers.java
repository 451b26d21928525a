package io.portway.stack;

import java.util.ArrayList;
import java.util.List;

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

    /** {@code --portway.security.users[i].username=…} etc. */
    static List<String> asArguments() {
        List<String> arguments = new ArrayList<>();
        for (int i = 0; i < ALL.size(); i++) {
            LocalUser user = ALL.get(i);
            String prefix = "--portway.security.users[" + i + "].";
            arguments.add(prefix + "username=" + user.username());
            arguments.add(prefix + "password={noop}" + user.username());
            arguments.add(prefix + "roles[0]=" + user.role());
        }
        return arguments;
    }
}
