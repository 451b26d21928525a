package io.portway.support;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** Through a real Tomcat: what the container refuses by itself is problem+json too, never its HTML page. */
@SpringBootTest(classes = ServiceSupportTest.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ContainerErrorsTest {

    @LocalServerPort
    int port;

    @Test
    void urls_the_container_or_the_firewall_refuses_are_answered_as_problems() throws Exception {
        for (String path : new String[] {"/echo%00", "/a%2Fb/echo", "/echo;x=%0a", "/%25%00", "/echo/..%2F.."}) {
            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(answer.statusCode()).as(path).isBetween(400, 499);
            assertThat(answer.headers().firstValue("Content-Type")).as(path)
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(answer.body()).as(path).contains("\"code\":").doesNotContain("<html").doesNotContain("Tomcat");
        }
    }
}
