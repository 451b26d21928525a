package io.portway.command.publication;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

import java.io.IOException;
import java.util.Set;

/**
 * Holds the answer of every request that may change something until Kafka acknowledged the events it stored
 * ({@link PublicationWait}); the controllers need not know. Past the wait it answers as it would have, with
 * {@value #HEADER}{@code : false}: the change is committed and will be published, just not yet. Registered for
 * {@code /api/*} by {@link PublicationConfiguration} (not a component, so web-slice tests need no event store).
 */
class PublishedAnswers extends OncePerRequestFilter {

    static final String HEADER = "Portway-Published";
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    private final PublicationWait publication;

    PublishedAnswers(PublicationWait publication) {
        this.publication = publication;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return SAFE.contains(request.getMethod()) || !request.getRequestURI().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        ContentCachingResponseWrapper held = new ContentCachingResponseWrapper(response);
        try {
            chain.doFilter(request, held);
        } finally {
            if (!publication.await(PublicationWait.expectedBy(new ServletRequestAttributes(request)))) {
                held.setHeader(HEADER, "false");
            }
            held.copyBodyToResponse();
        }
    }
}
