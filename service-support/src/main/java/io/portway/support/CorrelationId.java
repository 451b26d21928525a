package io.portway.support;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The correlation id of the current request: taken from {@value #HEADER} when it is a sensible token, generated
 * otherwise; kept in the MDC (key {@value #MDC_KEY}) for logs and events, and echoed on the response.
 */
public final class CorrelationId {

    public static final String HEADER = "X-Correlation-Id";
    public static final String MDC_KEY = "correlationId";
    private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._:\\-]{1,128}");

    private CorrelationId() {
    }

    /** The current request's correlation id, or a new one outside a request. */
    public static String current() {
        String id = MDC.get(MDC_KEY);
        return id != null ? id : Uuids.random().toString();
    }

    static final class Filter extends OncePerRequestFilter {
        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String given = request.getHeader(HEADER);
            String id = given != null && ACCEPTED.matcher(given).matches() ? given : Uuids.random().toString();
            MDC.put(MDC_KEY, id);
            response.setHeader(HEADER, id);
            try {
                chain.doFilter(request, response);
            } finally {
                MDC.remove(MDC_KEY);
            }
        }
    }
}
