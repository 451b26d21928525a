package io.portway.support;

import io.portway.events.TransportType;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where transports may deliver (docs/RULES.md §8), shared by the command service (static addresses, refused with
 * {@code ADDRESS_NOT_ALLOWED}) and the delivery service (every address again at delivery time, dynamic ones
 * included).
 * <ul>
 * <li>FILE: only strictly below an allowed root. {@code ..} is resolved first, and so are the symbolic links of
 * the part of the path that exists; with no root configured FILE delivers nowhere.</li>
 * <li>HTTP: only allowed hosts, given as host names, {@code *.domain} patterns, CIDRs (or single addresses) and
 * {@code *} = any public address, i.e. any but loopback, link-local (169.254.0.0/16, fe80::/10) and unspecified
 * (0.0.0.0/8, ::). No entry configured means {@code *}. A name is allowed when it matches a name or pattern,
 * else when every address it resolves to is allowed, so a name resolving to loopback is caught.</li>
 * <li>KAFKA: never Portway's own topics ({@code portway.*} and the configured topic names).</li>
 * </ul>
 * Free of Spring: {@link AddressRulesProperties} binds the configuration.
 */
public final class AddressRules {

    public static final String ADDRESS_NOT_ALLOWED = "ADDRESS_NOT_ALLOWED";
    public static final String ANY_PUBLIC_HOST = "*";

    private static final Pattern MACRO = Pattern.compile("%(MessageID|SendPortName|datetime)%");

    private final List<Path> roots;
    private final AllowedHosts hosts;
    private final Set<String> ownTopics;

    /**
     * @param allowedRoots directories FILE may write below (relative ones against the working directory)
     * @param allowedHosts host names, {@code *.domain}, CIDRs, addresses, {@code *}; empty = {@code *}
     * @param ownTopics    Portway's topic names besides the {@code portway.} prefix (tests rename them)
     */
    public AddressRules(Collection<String> allowedRoots, Collection<String> allowedHosts,
                        Collection<String> ownTopics) {
        List<Path> paths = new ArrayList<>();
        for (String root : allowedRoots == null ? List.<String>of() : allowedRoots) {
            if (root != null && !root.isBlank()) {
                paths.add(Path.of(root.strip()).toAbsolutePath().normalize());
            }
        }
        this.roots = List.copyOf(paths);
        this.hosts = new AllowedHosts(allowedHosts == null ? List.of() : allowedHosts.stream()
                .filter(host -> host != null && !host.isBlank()).map(String::strip).toList());
        this.ownTopics = ownTopics == null ? Set.of() : Set.copyOf(ownTopics);
    }

    public List<Path> roots() {
        return roots;
    }

    /**
     * Why a configured address may not be used, or null. Malformed addresses are left to the caller's own check
     * (null). Host names are resolved here; one that does not resolve now is accepted when public hosts are
     * (delivery checks it again).
     */
    public String problem(TransportType type, String address) {
        if (type == null || address == null) {
            return null;
        }
        URI uri;
        try {
            uri = new URI(MACRO.matcher(address).replaceAll("x"));
        } catch (URISyntaxException e) {
            return null;
        }
        return switch (type) {
            case FILE -> {
                Path path;
                try {
                    path = Path.of(uri);
                } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
                    yield null;
                }
                yield fileProblem(path);
            }
            case HTTP -> uri.getHost() == null ? null : hostProblem(uri.getHost(), true);
            case KAFKA -> uri.getRawAuthority() == null ? null : topicProblem(uri.getRawAuthority());
        };
    }

    /** The allowed root a FILE target lies strictly below (after resolving {@code ..}), or null. */
    public Path rootOf(Path target) {
        Path normal = target.toAbsolutePath().normalize();
        for (Path root : roots) {
            if (normal.startsWith(root) && !normal.equals(root)) {
                return root;
            }
        }
        return null;
    }

    /**
     * Why a FILE target is not allowed, or null: it must lie below a root, and so must the real path (symbolic
     * links resolved) of its nearest existing parent directory.
     */
    public String fileProblem(Path target) {
        if (roots.isEmpty()) {
            return "FILE delivery is not allowed anywhere: no allowed root is configured "
                    + "(portway.delivery.file.allowed-roots)";
        }
        Path normal = target.toAbsolutePath().normalize();
        Path root = rootOf(normal);
        if (root == null) {
            return "is not below an allowed root " + roots + " (portway.delivery.file.allowed-roots)";
        }
        Path existing = normal.getParent();
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (existing == null || root.startsWith(existing)) {
            return null;
        }
        try {
            Path real = existing.toRealPath();
            for (Path allowed : roots) {
                Path realRoot = Files.exists(allowed) ? allowed.toRealPath() : allowed;
                if (real.startsWith(realRoot)) {
                    return null;
                }
            }
        } catch (IOException e) {
            return "cannot be resolved: " + e.getMessage();
        }
        return "leads out of the allowed roots through a symbolic link";
    }

    /**
     * Why an HTTP host may not be called, or null. With {@code lenient}, a name that does not resolve passes when
     * public hosts are allowed (configuration time); without, it is refused (delivery time).
     */
    public String hostProblem(String host, boolean lenient) {
        return hosts.problem(host, lenient);
    }

    /** The addresses of an allowed host, for the HTTP client to connect to exactly these (no second lookup). */
    public InetAddress[] resolve(String host) throws UnknownHostException {
        return hosts.resolve(host);
    }

    /** Why a Kafka topic may not be produced to, or null. */
    public String topicProblem(String topic) {
        if (topic.toLowerCase(Locale.ROOT).startsWith("portway.") || ownTopics.contains(topic)) {
            return "topic " + topic + " is one of Portway's own topics (portway.*)";
        }
        return null;
    }

    /** A refused host; an {@link UnknownHostException} so that an HTTP client's resolver can throw it. */
    public static final class NotAllowed extends UnknownHostException {
        public NotAllowed(String message) {
            super(message);
        }
    }
}
