package io.portway.cli;

import java.io.ByteArrayOutputStream;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Where the services are and who signs in. Each setting comes from the first of: its flag, its environment
 * variable, the profile file, the default. A password is never a flag: it comes from {@code PORTWAY_PASSWORD}, the
 * profile, the first line of standard input ({@code --password-stdin}) or a prompt on the terminal.
 */
record Connection(URI command, URI query, URI delivery, String user, String profilePassword,
                  String environmentPassword, String kafka) {

    static final String DEFAULT_BASE = "http://127.0.0.1";
    static final String DEFAULT_KAFKA = "127.0.0.1:19092";
    static final int COMMAND_PORT = 8081;
    static final int QUERY_PORT = 8082;
    static final int DELIVERY_PORT = 8083;

    static Connection resolve(Portway root) {
        Map<String, String> env = root.env;
        Path profilePath = root.profile != null ? root.profile
                : env.get("PORTWAY_PROFILE") != null ? Path.of(env.get("PORTWAY_PROFILE"))
                : env.get("HOME") != null ? Path.of(env.get("HOME"), ".portway", "profile") : null;
        Properties profile = profile(profilePath, root.profile != null || env.get("PORTWAY_PROFILE") != null,
                root);
        String base = first(root.url, env.get("PORTWAY_URL"), profile.getProperty("url"), DEFAULT_BASE);
        return new Connection(
                service(first(root.commandUrl, env.get("PORTWAY_COMMAND_URL"), profile.getProperty("command-url")),
                        base, COMMAND_PORT),
                service(first(root.queryUrl, env.get("PORTWAY_QUERY_URL"), profile.getProperty("query-url")),
                        base, QUERY_PORT),
                service(first(root.deliveryUrl, env.get("PORTWAY_DELIVERY_URL"),
                        profile.getProperty("delivery-url")), base, DELIVERY_PORT),
                first(root.user, env.get("PORTWAY_USER"), profile.getProperty("user")),
                profile.getProperty("password"),
                env.get("PORTWAY_PASSWORD"),
                first(env.get("PORTWAY_KAFKA_BOOTSTRAP_SERVERS"), env.get("PORTWAY_KAFKA"),
                        profile.getProperty("kafka"), DEFAULT_KAFKA));
    }

    /** The credentials to send: none without a user; the password from the first source that has one. */
    Api.Credentials credentials(Portway root) {
        Api.Services services = new Api.Services(command, query, delivery);
        if (user == null || user.isBlank()) {
            if (root.passwordStdin) {
                throw new Portway.UsageProblem("--password-stdin needs a user (--user or PORTWAY_USER)");
            }
            return new Api.Credentials(services, null, null);
        }
        String password;
        if (root.passwordStdin) {
            password = firstLine(root.in);
        } else if (environmentPassword != null) {
            password = environmentPassword;
        } else if (profilePassword != null) {
            password = profilePassword;
        } else {
            Console console = System.console();
            if (console == null) {
                throw new Portway.UsageProblem("no password for user " + user + ": set PORTWAY_PASSWORD, put it in"
                        + " the profile, or pass it on standard input with --password-stdin");
            }
            char[] typed = console.readPassword("Password for %s: ", user);
            password = typed == null ? "" : new String(typed);
        }
        return new Api.Credentials(services, user, password);
    }

    static URI service(String explicit, String base, int port) {
        try {
            if (explicit != null) {
                URI uri = new URI(explicit.endsWith("/") ? explicit.substring(0, explicit.length() - 1) : explicit);
                if (uri.getScheme() == null || uri.getHost() == null) {
                    throw new Portway.UsageProblem("not an http(s) URL: " + explicit);
                }
                return uri;
            }
            URI uri = new URI(base);
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new Portway.UsageProblem("not an http(s) URL: " + base);
            }
            if (uri.getPort() != -1 || (uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/"))) {
                throw new Portway.UsageProblem("the base URL " + base + " names only scheme and host (the services"
                        + " are at its ports 8081-8083); give services elsewhere with --command-url, --query-url"
                        + " and --delivery-url");
            }
            return new URI(uri.getScheme(), null, uri.getHost(), port, null, null, null);
        } catch (URISyntaxException e) {
            throw new Portway.UsageProblem("not a URL: " + e.getInput());
        }
    }

    /**
     * Reads the profile. A profile that holds a password and that group or others may read is refused; one without a
     * password is only warned about.
     */
    static Properties profile(Path path, boolean named, Portway root) {
        Properties properties = new Properties();
        if (path == null || !Files.exists(path)) {
            if (named && path != null) {
                throw new Portway.UsageProblem("profile " + path + " does not exist");
            }
            return properties;
        }
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new Portway.UsageProblem("cannot read profile " + path + ": " + e.getMessage());
        }
        PosixFileAttributeView posix = Files.getFileAttributeView(path, PosixFileAttributeView.class);
        if (posix != null) {
            try {
                Set<PosixFilePermission> permissions = posix.readAttributes().permissions();
                boolean open = permissions.contains(PosixFilePermission.GROUP_READ)
                        || permissions.contains(PosixFilePermission.OTHERS_READ);
                if (open && properties.getProperty("password") != null) {
                    throw new Portway.UsageProblem("profile " + path + " holds a password and others may read it;"
                            + " run: chmod 600 " + path);
                }
                if (open) {
                    root.err.println("portway: warning: others may read profile " + path + " (chmod 600 " + path
                            + ")");
                }
            } catch (IOException e) {
                throw new Portway.UsageProblem("cannot read the permissions of profile " + path);
            }
        }
        return properties;
    }

    /** The first line of standard input, read byte by byte so that the rest stays for the command (e.g. -f -). */
    static String firstLine(InputStream in) {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
                line.write(b);
            }
        } catch (IOException e) {
            throw new Portway.UsageProblem("cannot read the password from standard input: " + e.getMessage());
        }
        String password = line.toString(StandardCharsets.UTF_8);
        return password.endsWith("\r") ? password.substring(0, password.length() - 1) : password;
    }

    static String first(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }
}
