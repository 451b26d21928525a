package io.portway.stack;

import io.portway.embedded.LocalUsers;

import java.util.List;

import static io.portway.stack.PortwayStack.DEFAULT_BIND_ADDRESS;

/** What the run command prints once the stack is up. */
final class Banner {

    private Banner() {
    }

    /** What runs where, and how to sign in. */
    static String describe(StackBuilder settings, Infrastructure infrastructure,
            List<ChildService> children) {
        StringBuilder text = new StringBuilder("\nPortway is running\n");
        for (ChildService child : children) {
            text.append(String.format("  %-22s %s   swagger-ui: %s/swagger-ui/index.html   log: %s%n",
                    child.service().name(), child.url(), child.url(), child.logFile()));
        }
        if (children.isEmpty()) {
            text.append("  no service built yet (./mvnw -DskipTests install builds their exec jars)\n");
        }
        text.append(String.format("  %-22s %s (user %s)%n", "PostgreSQL", infrastructure.database().jdbcUrl(),
                infrastructure.database().user()));
        text.append(String.format("  %-22s %s%n", "Kafka", infrastructure.kafkaBootstrapServers()));
        text.append(String.format("  %-22s %s%n", "data directory", settings.dataDirectory));
        text.append(String.format("  %-22s %s%n", "logs", settings.logDirectory()));
        text.append(String.format("  %-22s %s%n", "listening on", settings.bindAddress
                + (settings.bindAddress.equals(DEFAULT_BIND_ADDRESS) ? " (this machine only; PORTWAY_BIND to change)"
                : " (reachable from the network: the local users' passwords are well known)")));
        text.append("  users (user/password): ");
        text.append(String.join(", ", LocalUsers.ALL.stream()
                .map(u -> u.username() + "/" + u.username() + " " + u.role()).toList()));
        text.append("\nPress Ctrl-C to stop.\n");
        return text.toString();
    }
}
