package io.portway.stack;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Stands in for a Spring Boot service in {@link PortwayStackIT}: prints its arguments and what it got from its
 * environment (never a password), answers the health check.
 */
public final class FakeService {

    private FakeService() {
    }

    public static void main(String[] args) throws IOException {
        System.out.println("env users " + System.getenv("PORTWAY_SECURITY_USERS_0_USERNAME") + ","
                + System.getenv("PORTWAY_SECURITY_USERS_3_ROLES_0") + " password set "
                + (System.getenv("PORTWAY_SECURITY_USERS_0_PASSWORD") != null) + " secrets key file "
                + System.getenv("PORTWAY_SECRETS_KEY_FILE"));
        for (String name : new String[] {"PORTWAY_HTTP_PORT", "PORTWAY_DB_URL", "PORTWAY_KAFKA_BOOTSTRAP_SERVERS"}) {
            System.out.println("env " + name + "=" + System.getenv(name));
        }
        System.out.println("env PORTWAY_DB_PASSWORD set " + (System.getenv("PORTWAY_DB_PASSWORD") != null));
        for (String arg : args) {
            System.out.println("arg " + arg);
        }
        int port = Integer.parseInt(System.getenv("PORTWAY_HTTP_PORT"));
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/actuator/health", exchange -> {
            byte[] body = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        System.out.println("fake service up on " + port);
    }
}
