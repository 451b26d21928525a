package io.portway.console.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.portway.messaging.PortwayJackson;
import org.springframework.http.HttpHeaders;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.util.StreamUtils;
import org.springframework.web.client.RestClient;

import java.net.URI;

/**
 * HTTP clients of the three services. Every call carries the signed-in user's credentials as HTTP Basic, so the
 * services enforce that user's role; an error answer becomes an {@link ApiProblem}.
 */
@Component
public class PortwayServices {

    private final ObjectMapper json;
    private final ServicesProperties properties;
    private final RestClient command;
    private final RestClient query;
    private final RestClient delivery;

    PortwayServices(ServicesProperties properties) {
        this.properties = properties;
        this.json = PortwayJackson.newObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);
        this.command = client("command service", properties.commandUrl());
        this.query = client("query service", properties.queryUrl());
        this.delivery = client("delivery service", properties.deliveryUrl());
    }

    /** port-command-service: creates, configures and moves ports and groups through their lifecycle. */
    public RestClient command() {
        return command;
    }

    /** port-query-service: lists, views, history, as-of and audit. */
    public RestClient query() {
        return query;
    }

    /** delivery-service: messages, service instances and routing failures. */
    public RestClient delivery() {
        return delivery;
    }

    /** The JSON mapping the console uses for the services' bodies (the shared types' wire form). */
    public ObjectMapper json() {
        return json;
    }

    public ServicesProperties properties() {
        return properties;
    }

    private RestClient client(String service, URI baseUrl) {
        SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
        requests.setConnectTimeout(properties.connectTimeout());
        requests.setReadTimeout(properties.readTimeout());
        return RestClient.builder()
                .baseUrl(baseUrl.toString())
                .requestFactory(requests)
                .messageConverters(converters -> {
                    converters.removeIf(MappingJackson2HttpMessageConverter.class::isInstance);
                    converters.add(new MappingJackson2HttpMessageConverter(json));
                })
                .requestInterceptor(signedInUser())
                .defaultStatusHandler(status -> status.isError(), (request, response) -> {
                    throw ApiProblem.read(service, response.getStatusCode().value(), response.getStatusText(),
                            StreamUtils.copyToByteArray(response.getBody()), json);
                })
                .build();
    }

    /** Adds the signed-in user's credentials unless the call names its own (sign-in probes do). */
    private static ClientHttpRequestInterceptor signedInUser() {
        return (request, body, execution) -> {
            if (!request.getHeaders().containsKey(HttpHeaders.AUTHORIZATION)) {
                Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
                if (authentication != null && authentication.getPrincipal() instanceof CredentialsHolder holder) {
                    Credentials credentials = holder.credentials();
                    request.getHeaders().setBasicAuth(credentials.username(), credentials.password());
                }
            }
            return execution.execute(request, body);
        };
    }

    /** A principal that carries the credentials to forward. */
    public interface CredentialsHolder {
        Credentials credentials();
    }
}
