package io.portway.support;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The HTTP part of {@link AddressRules}: the allowed hosts, given as host names, {@code *.domain} patterns, CIDRs (or
 * single addresses) and {@code *} = any public address; no entry means {@code *}.
 */
final class AllowedHosts {

    private final boolean anyPublicHost;
    private final Set<String> hostNames = new LinkedHashSet<>();
    private final List<String> domainSuffixes = new ArrayList<>();
    private final List<Cidr> cidrs = new ArrayList<>();

    /** {@code hosts} stripped, none blank. */
    AllowedHosts(List<String> hosts) {
        this.anyPublicHost = hosts.isEmpty() || hosts.contains(AddressRules.ANY_PUBLIC_HOST);
        for (String host : hosts) {
            if (host.equals(AddressRules.ANY_PUBLIC_HOST)) {
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
    }

    /**
     * Why an HTTP host may not be called, or null. With {@code lenient}, a name that does not resolve passes when
     * public hosts are allowed (configuration time); without, it is refused (delivery time).
     */
    String problem(String host, boolean lenient) {
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
    InetAddress[] resolve(String host) throws UnknownHostException {
        String name = normalHost(host);
        InetAddress[] addresses = InetAddress.getAllByName(name);
        if (nameAllowed(name)) {
            return addresses;
        }
        for (InetAddress address : addresses) {
            String problem = addressProblem(name, address);
            if (problem != null) {
                throw new AddressRules.NotAllowed(problem);
            }
        }
        return addresses;
    }

    /** Why a connection to this address (of that host) is not allowed, or null. */
    private String addressProblem(String host, InetAddress address) {
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

    private static boolean isInternal(InetAddress address) {
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
}
