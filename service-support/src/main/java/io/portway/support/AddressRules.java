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
import java.util.LinkedHashSet;
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
    private final boolean anyPublicHost;
    private final Set<String> hostNames = new LinkedHashSet<>();
    private final List<String> domainSuffixes = new ArrayList<>();
    private final List<Cidr> cidrs = new ArrayList<>();
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
        List<String> hosts = allowedHosts == null ? List.of() : allowedHosts.stream()
                .filter(host -> host != null && !host.isBlank()).map(String::strip).toList();
        this.anyPublicHost = hosts.isEmpty() || hosts.contains(ANY_PUBLIC_HOST);
        for (String host : hosts) {
            if (host.equals(ANY_PUBLIC_HOST)) {
                continue;
            }
            if (host.startsWith("*.")) {
                domainSuffixes.add(normalHost(host.substring(1)));
            } else if (host.contains("/") || Cidr.isLiteral(host)) {
                cidrs.add(Cidr.parse(host));
            } else {
                hostNames.add(normalHost(host));
            }
        }
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
        String name = normalHost(host);
        if (name.isEmpty()) {
            return "has no host";
        }
        if (nameAllowed(name)) {
            return null;
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(name);
        } catch (UnknownHostException | SecurityException e) {
            return lenient && anyPublicHost && !Cidr.isLiteral(name) ? null
                    : "host " + name + " does not resolve to an allowed address";
        }
        for (InetAddress address : addresses) {
            String problem = addressProblem(name, address);
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    /** The addresses of an allowed host, for the HTTP client to connect to exactly these (no second lookup). */
    public InetAddress[] resolve(String host) throws UnknownHostException {
        String name = normalHost(host);
        InetAddress[] addresses = InetAddress.getAllByName(name);
        if (nameAllowed(name)) {
            return addresses;
        }
        for (InetAddress address : addresses) {
            String problem = addressProblem(name, address);
            if (problem != null) {
                throw new NotAllowed(problem);
            }
        }
        return addresses;
    }

    /** Why a connection to this address (of that host) is not allowed, or null. */
    public String addressProblem(String host, InetAddress address) {
        for (Cidr cidr : cidrs) {
            if (cidr.contains(address)) {
                return null;
            }
        }
        if (anyPublicHost && !isInternal(address)) {
            return null;
        }
        String shown = address.getHostAddress();
        return "host " + host + (host.equals(shown) ? "" : " (" + shown + ")") + " is not an allowed host"
                + (anyPublicHost ? ": loopback, link-local and unspecified addresses are refused" : "")
                + " (portway.delivery.http.allowed-hosts)";
    }

    /** Why a Kafka topic may not be produced to, or null. */
    public String topicProblem(String topic) {
        if (topic.toLowerCase(Locale.ROOT).startsWith("portway.") || ownTopics.contains(topic)) {
            return "topic " + topic + " is one of Portway's own topics (portway.*)";
        }
        return null;
    }

    private boolean nameAllowed(String name) {
        if (hostNames.contains(name)) {
            return true;
        }
        for (String suffix : domainSuffixes) {
            if (name.endsWith(suffix) && name.length() > suffix.length()) {
                return true;
            }
        }
        return false;
    }

    static boolean isInternal(InetAddress address) {
        byte[] bytes = address.getAddress();
        return address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isAnyLocalAddress()
                || bytes.length == 4 && bytes[0] == 0;
    }

    private static String normalHost(String host) {
        String name = host.strip().toLowerCase(Locale.ROOT);
        if (name.startsWith("[") && name.endsWith("]")) {
            name = name.substring(1, name.length() - 1);
        }
        while (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        return name;
    }

    /** A refused host; an {@link UnknownHostException} so that an HTTP client's resolver can throw it. */
    public static final class NotAllowed extends UnknownHostException {
        public NotAllowed(String message) {
            super(message);
        }
    }
}
