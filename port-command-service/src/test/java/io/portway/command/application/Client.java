package io.portway.command.application;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.web.client.ResponseErrorHandler;
import org.springframework.web.client.RestTemplate;

import java.util.Map;

/** The command API over HTTP as one of the local users; answers are JSON maps, errors included. */
final class Client {

    static final ObjectMapper JSON = new ObjectMapper();

    private final RestTemplate rest = new RestTemplate(new SimpleClientHttpRequestFactory());
    private final String base;
    private final String user;

    Client(int port, String user) {
        this.base = "http://localhost:" + port;
        this.user = user;
        rest.setErrorHandler(new ResponseErrorHandler() {
            @Override
            public boolean hasError(ClientHttpResponse response) {
                return false;
            }

            @Override
            public void handleError(ClientHttpResponse response) {
            }
        });
    }

    @SuppressWarnings("unchecked")
    ResponseEntity<Map<String, Object>> call(HttpMethod method, String path, Object body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBasicAuth(user, user);
        headers.setContentType(MediaType.APPLICATION_JSON);
        String json;
        try {
            json = body == null || body instanceof String ? (String) body : JSON.writeValueAsString(body);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
        ResponseEntity<Map> answer = rest.exchange(base + path, method, new HttpEntity<>(json, headers), Map.class);
        return new ResponseEntity<>((Map<String, Object>) answer.getBody(), answer.getHeaders(),
                answer.getStatusCode());
    }

    ResponseEntity<Map<String, Object>> get(String path) {
        return call(HttpMethod.GET, path, null);
    }

    ResponseEntity<Map<String, Object>> post(String path, Object body) {
        return call(HttpMethod.POST, path, body);
    }

    ResponseEntity<Map<String, Object>> put(String path, Object body) {
        return call(HttpMethod.PUT, path, body);
    }

    /** Fails the test unless the answer has this status; answers the body. */
    static Map<String, Object> expect(int status, ResponseEntity<Map<String, Object>> answer) {
        if (answer.getStatusCode().value() != status) {
            throw new AssertionError("expected " + status + " but got " + answer.getStatusCode().value() + ": "
                    + answer.getBody());
        }
        return answer.getBody();
    }
}
