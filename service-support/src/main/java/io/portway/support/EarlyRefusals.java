package io.portway.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.json.ProblemDetailJacksonMixin;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Requests refused before they reach Spring MVC answer problem+json too (docs/RULES.md §8, issue 10's fuzz tests): the
 * ones Spring Security's firewall rejects (encoded '%', '/', '..' in a path…) and the ones Tomcat refuses itself
 * (a request line or headers over the limit), which otherwise get Spring Boot's JSON or Tomcat's HTML error page.
 */
public final class EarlyRefusals {

    private static final ObjectMapper JSON = new ObjectMapper()
            .addMixIn(ProblemDetail.class, ProblemDetailJacksonMixin.class);

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

    /** Replaces Tomcat's error report valve with one that writes problem+json. */
    static final class TomcatCustomizer implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {
        @Override
        public void customize(TomcatServletWebServerFactory factory) {
            factory.addContextCustomizers(context -> {
                if (context.getParent() instanceof StandardHost host) {
                    for (Valve valve : host.getPipeline().getValves()) {
                        if (valve instanceof ErrorReportValve) {
                            host.getPipeline().removeValve(valve);
                        }
                    }
                    host.getPipeline().addValve(new ProblemReportValve());
                    // else the host adds its default valve on start, seeing no valve of exactly that class
                    host.setErrorReportValveClass(ProblemReportValve.class.getName());
                }
            });
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }

    public static final class ProblemReportValve extends ErrorReportValve {
        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            int status = response.getStatus();
            if (status < 400 || response.getContentWritten() > 0) {
                return;
            }
            AtomicBoolean ioAllowed = new AtomicBoolean(false);
            response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
            if (!ioAllowed.get()) {
                return;
            }
            String code = switch (status) {
                case 400 -> "VALIDATION_FAILED";
                case 404 -> "NOT_FOUND";
                case 413 -> "MESSAGE_TOO_LARGE";
                default -> status >= 500 ? "INTERNAL_ERROR" : "HTTP_" + status;
            };
            HttpStatusCode statusCode = HttpStatusCode.valueOf(status);
            String detail = status == 400 ? "the request is malformed or its request line or headers are too long"
                    : HttpStatus.resolve(status) == null ? "HTTP " + status : HttpStatus.resolve(status).getReasonPhrase();
            try {
                response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
                response.setCharacterEncoding("UTF-8");
                Writer writer = response.getReporter();
                if (writer != null) {
                    writer.write(JSON.writeValueAsString(Problems.of(statusCode, code, detail, List.of())));
                    response.finishResponse();
                }
            } catch (IOException | IllegalStateException e) {
                // the client is gone or the response was already committed: nothing more to say
            }
        }
    }
}
