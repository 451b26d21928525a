package io.portway.support;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.actuate.autoconfigure.security.servlet.EndpointRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The security every service shares: HTTP Basic, stateless, no CSRF tokens (no cookies; cross-site writes are
 * refused by their {@code Origin}, see {@link CrossOriginRequests}), public health, metrics and API docs,
 * problem+json for 401, 403 and 429 (sign-in throttled, {@link SignInThrottle}). A 401 carries no
 * {@code WWW-Authenticate: Basic} challenge, so a browser never shows its sign-in dialog for an API call and
 * never caches credentials typed there. A service adds only its own authorization rules.
 */
public final class PortwaySecurity {

    public static final String ADMIN = "ADMIN";
    public static final String OPERATOR = "OPERATOR";
    public static final String VIEWER = "VIEWER";
    public static final String PUBLISHER = "PUBLISHER";

    private PortwaySecurity() {
    }

    public static SecurityFilterChain filterChain(HttpSecurity http,
            Customizer<AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry> rules)
            throws Exception {
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .httpBasic(basic -> basic.authenticationEntryPoint((request, response, e) -> {
                    if (e instanceof SignInThrottle.SignInThrottled throttled) {
                        response.setHeader("Retry-After", Long.toString(throttled.retryAfter().toSeconds()));
                        write(response, HttpStatus.TOO_MANY_REQUESTS, "SIGN_IN_THROTTLED", throttled.getMessage()
                                + ": sign-ins for this user or from this address failed too often");
                    } else {
                        write(response, HttpStatus.UNAUTHORIZED, "UNAUTHORIZED",
                                "sign in with HTTP Basic credentials");
                    }
                }))
                .exceptionHandling(handling -> handling
                        .authenticationEntryPoint((request, response, e) -> write(response, HttpStatus.UNAUTHORIZED,
                                "UNAUTHORIZED", "sign in with HTTP Basic credentials"))
                        .accessDeniedHandler((request, response, e) -> write(response, HttpStatus.FORBIDDEN,
                                "FORBIDDEN", "your role does not allow this request")))
                .authorizeHttpRequests(authorize -> {
                    authorize.requestMatchers(EndpointRequest.to("health", "prometheus", "info")).permitAll()
                            .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/prometheus",
                                    "/actuator/info").permitAll()
                            .requestMatchers("/v3/api-docs/**", "/v3/api-docs", "/v3/api-docs.yaml",
                                    "/swagger-ui/**", "/swagger-ui.html", "/error").permitAll();
                    rules.customize(authorize);
                    authorize.anyRequest().authenticated();
                });
        return http.build();
    }

    static void write(HttpServletResponse response, HttpStatus status, String code, String detail)
            throws IOException {
        write(response, status, code, detail, List.of());
    }

    static void write(HttpServletResponse response, HttpStatus status, String code, String detail,
            List<FieldError> errors) throws IOException {
        ProblemDetail problem = Problems.of(status, code, detail, errors);
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getOutputStream().write(Problems.toJson(problem).getBytes(StandardCharsets.UTF_8));
    }
}
