package io.portway.delivery.transport;

import io.portway.delivery.DeliveryProperties;
import io.portway.events.TransportType;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * {@code http(s)://…}: POSTs the body; any 2xx is delivered. {@code Idempotency-Key} is the service instance id,
 * the same on every retry, so a destination can recognise a message it already has. Connect and response timeouts
 * come from {@code portway.delivery.http-*-timeout}.
 */
@Component
class HttpAdapter implements TransportAdapter {

    private final HttpClient client;
    private final DeliveryProperties properties;

    HttpAdapter(DeliveryProperties properties) {
        this.properties = properties;
        this.client = HttpClient.newBuilder().connectTimeout(properties.httpConnectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public TransportType type() {
        return TransportType.HTTP;
    }

    @Override
    public Sent send(Outbound outbound) throws TransportException {
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(outbound.address()))
                    .timeout(properties.httpReadTimeout())
                    .header("Content-Type", outbound.contentType() != null ? outbound.contentType()
                            : "application/octet-stream")
                    .header("Idempotency-Key", outbound.instanceId())
                    .header("X-Portway-Message-Id", outbound.messageId())
                    .header("X-Portway-Send-Port", outbound.sendPort())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(outbound.body()))
                    .build();
        } catch (IllegalArgumentException e) {
            throw new TransportException("not an HTTP address: " + outbound.address(), e);
        }
        try {
            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() / 100 != 2) {
                throw new TransportException("HTTP " + response.statusCode() + " from " + outbound.address());
            }
            return new Sent(outbound.address(), response.body(),
                    response.headers().firstValue("Content-Type").orElse(null));
        } catch (IOException e) {
            throw new TransportException(e.getClass().getSimpleName() + " from " + outbound.address() + ": "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException("interrupted while sending to " + outbound.address(), e);
        }
    }
}
