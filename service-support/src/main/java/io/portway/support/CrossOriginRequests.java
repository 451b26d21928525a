package io.portway.support;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Refuses a POST, PUT, PATCH or DELETE whose {@code Origin} header names another site than the service itself or an
 * allowed console origin ({@code portway.security.allowed-origins}) with 403 {@code CROSS_ORIGIN} (docs/RULES.md §8),
 * before authentication: a browser holding Basic credentials for a service cannot be used from another page.
 * Requests without {@code Origin} (command-line tools, the admin console's server-side calls) pass; so do reads,
 * which change nothing (and which browsers do not let another site read without CORS, which no service enables).
 */
final class CrossOriginRequests extends OncePerRequestFilter {

    private static final Set<String> CHANGING = Set.of("POST", "PUT", "PATCH", "DELETE");

    private final Set<String> allowed;

    CrossOriginRequests(List<String> allowedOrigins) {
        this.allowed = allowedOrigins.stream().map(CrossOriginRequests::normalized)
                .filter(origin -> origin != null).collect(Collectors.toUnmodifiableSet());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String origin = request.getHeader("Origin");
        String normalized = normalized(origin);
        if (origin == null || !CHANGING.contains(request.getMethod().toUpperCase(Locale.ROOT))
                || normalized != null && (normalized.equals(own(request)) || allowed.contains(normalized))) {
            chain.doFilter(request, response);
            return;
        }
        PortwaySecurity.write(response, HttpStatus.FORBIDDEN, "CROSS_ORIGIN", "a " + request.getMethod()
                + " from another site (Origin " + printable(origin) + ") is refused: only the service itself and the"
                + " origins of portway.security.allowed-origins may send requests that change something");
    }

    private static String own(HttpServletRequest request) {
        return normalized(request.getScheme() + "://" + hostAndPort(request));
    }

    private static String hostAndPort(HttpServletRequest request) {
        String host = request.getServerName();
        if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return host + ":" + request.getServerPort();
    }

    /** scheme://host:port in lower case with the default port made explicit; null when it is not such an origin. */
    static String normalized(String origin) {
        if (origin == null) {
            return null;
        }
        try {
            URI uri = new URI(origin.strip());
            String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
            if (scheme == null || uri.getHost() == null
                    || (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/"))) {
                return null;
            }
            int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : scheme.equals("http")
                    ? 80 : -1;
            return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static String printable(String value) {
        String shown = value.length() > 100 ? value.substring(0, 100) + "…" : value;
        return "'" + shown.replaceAll("\\p{Cntrl}", "?") + "'";
    }
}
