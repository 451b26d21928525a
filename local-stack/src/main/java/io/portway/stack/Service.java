package io.portway.stack;

import java.nio.file.Path;
import java.util.List;

/**
 * A service the stack can launch: the Maven module whose {@code target/<module>-<version>-exec.jar} is run, and
 * its default HTTP port.
 */
public record Service(String name, int defaultPort) {

    public static final Service PORT_COMMAND = new Service("port-command-service", 8081);
    public static final Service PORT_QUERY = new Service("port-query-service", 8082);
    public static final Service DELIVERY = new Service("delivery-service", 8083);
    public static final Service ADMIN_CONSOLE = new Service("admin-console", 8080);

    /** Every known service, in start order (the console last: it calls the others). */
    public static final List<Service> ALL = List.of(PORT_COMMAND, PORT_QUERY, DELIVERY, ADMIN_CONSOLE);

    /** {@code <root>/<name>/target/<name>-<version>-exec.jar}. */
    public Path execJar(Path repositoryRoot, String version) {
        return repositoryRoot.resolve(name).resolve("target").resolve(name + "-" + version + "-exec.jar");
    }
}
