package io.portway.command;

import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestTemplate;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.web.client.ResponseErrorHandler;

import java.util.Map;

/** A small HTTP client for the command API, signed in as one of the local users. */
final class Api {

    private final RestTemplate rest;
    private final String base;
    private final String user;

    Api(String base, String user) {
        this.base = base;
        this.user = user;
        this.rest = new RestTemplate(new SimpleClientHttpRequestFactory());
        this.rest.setErrorHandler(new ResponseErrorHandler() {
            @Override
            public boolean hasError(org.springframework.http.client.ClientHttpResponse response) {
                return false;
            }

            @Override
            public void handleError(org.springframework.http.client.ClientHttpResponse response) {
            }
        });
    }

    @SuppressWarnings("rawtypes")
    ResponseEntity<Map> call(HttpMethod method, String path, String json, Map<String, String> extraHeaders) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBasicAuth(user, user);
        headers.setContentType(MediaType.APPLICATION_JSON);
        extraHeaders.forEach(headers::set);
        return rest.exchange(base + path, method, new HttpEntity<>(json, headers), Map.class);
    }

    @SuppressWarnings("rawtypes")
    ResponseEntity<Map> post(String path, String json) {
        return call(HttpMethod.POST, path, json, Map.of());
    }

    @SuppressWarnings("rawtypes")
    ResponseEntity<Map> put(String path, String json) {
        return call(HttpMethod.PUT, path, json, Map.of());
    }

    static String staticPort(String name) {
        return """
                {"name": "%s", "primaryTransport": {"type": "FILE", "address": "file:///out/%%MessageID%%.xml"}}
                """.formatted(name);
    }
}
