package io.portway.support;

import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * Errors the servlet container answers itself (a URL it cannot decode, such as one holding {@code %00}, or a
 * request Spring Security's firewall rejects) as problem+json like every other refusal, instead of Tomcat's HTML
 * page. Replaces the host's {@link ErrorReportValve}; never shows a stack trace or the server's version.
 */
final class ProblemErrorReportValve extends ErrorReportValve {

    ProblemErrorReportValve() {
        setShowReport(false);
        setShowServerInfo(false);
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        HttpStatus known = HttpStatus.resolve(status);
        String code = switch (status) {
            case 400 -> ProblemHandler.VALIDATION_FAILED;
            case 401 -> "UNAUTHORIZED";
            case 403 -> "FORBIDDEN";
            case 404 -> "NOT_FOUND";
            case 405 -> "METHOD_NOT_ALLOWED";
            case 413 -> "REQUEST_TOO_LARGE";
            default -> status >= 500 ? "INTERNAL_ERROR" : known != null ? known.name() : "HTTP_" + status;
        };
        String detail = status == 400 ? "the request was refused before it reached the service: its URL or"
                + " headers are malformed or not allowed (e.g. encoded control characters or slashes)"
                : known != null ? known.getReasonPhrase() : "HTTP " + status;
        try {
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(Problems.toJson(Problems.of(HttpStatus.valueOf(status), code, detail,
                        List.of())));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException | IllegalArgumentException e) {
            // the connection is gone or the status is not one Spring knows: nothing more to say
        }
    }

    /** Puts the valve on Tomcat's host, after (and instead of) the one Spring Boot adds. */
    static final class Customizer implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {
        @Override
        public void customize(TomcatServletWebServerFactory factory) {
            factory.addContextCustomizers(context -> {
                if (context.getParent() instanceof StandardHost host) {
                    for (Valve valve : host.getPipeline().getValves()) {
                        if (valve instanceof ErrorReportValve) {
                            host.getPipeline().removeValve(valve);
                        }
                    }
                    host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
                    host.getPipeline().addValve(new ProblemErrorReportValve());
                }
            });
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }
}
