package io.portway.support;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;

import java.io.IOException;

/**
 * Requests refused before they reach Spring MVC answer problem+json too (docs/RULES.md §8, issue 10's fuzz tests): the
 * ones Spring Security's firewall rejects (encoded '%', '/', '..' in a path…), which otherwise get Spring Boot's
 * JSON. Those Tomcat refuses itself (a request line or headers over the limit, an undecodable URL) are answered by
 * {@link ProblemErrorReportValve}.
 */
public final class EarlyRefusals {

    private EarlyRefusals() {
    }

    /** The firewall's refusals: 400 {@code VALIDATION_FAILED}. */
    static final class Firewall implements RequestRejectedHandler {
        @Override
        public void handle(HttpServletRequest request, HttpServletResponse response,
                           RequestRejectedException rejected) throws IOException {
            PortwaySecurity.write(response, HttpStatus.BAD_REQUEST, "VALIDATION_FAILED",
                    "the request was refused: " + rejected.getMessage());
        }
    }
}
