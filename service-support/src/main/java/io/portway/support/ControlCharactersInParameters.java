package io.portway.support;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Refuses request parameters (names and values) holding control characters (U+0000–U+001F, U+007F) with 400
 * {@code VALIDATION_FAILED} naming the parameter, before any service code sees them (docs/RULES.md §8). No parameter
 * of any Portway API has a use for them, and PostgreSQL cannot even compare a text holding U+0000: the query
 * service's fuzz test found {@code ?application=%00} answered 500.
 */
final class ControlCharactersInParameters extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        List<FieldError> errors = new ArrayList<>();
        for (Map.Entry<String, String[]> parameter : request.getParameterMap().entrySet()) {
            String name = parameter.getKey();
            boolean bad = ControlCharacters.in(name);
            for (String value : parameter.getValue()) {
                bad |= ControlCharacters.in(value);
            }
            if (bad) {
                errors.add(new FieldError(printable(name), "must not contain control characters (U+0000–U+001F,"
                        + " U+007F)"));
            }
        }
        if (errors.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        PortwaySecurity.write(response, HttpStatus.BAD_REQUEST, ProblemHandler.VALIDATION_FAILED,
                "invalid request: parameters with control characters", errors);
    }

    private static String printable(String name) {
        String shown = name.length() > 100 ? name.substring(0, 100) : name;
        return shown.replaceAll("[\\x00-\\x1f\\x7f]", "?");
    }
}
