package io.portway.delivery.transport;

import io.portway.delivery.DeliveryProperties;
import io.portway.events.TransportType;
import io.portway.messaging.TransportSecrets;
import io.portway.support.AddressRules;
import io.portway.support.DaemonThreads;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code http(s)://…}: POSTs the body; any 2xx is delivered. {@code Idempotency-Key} is the service instance id,
 * the same on every retry, so a destination can recognise a message it already has.
 * <p>
 * docs/RULES.md §8: only allowed hosts, checked on the address the connection actually goes to (the client's DNS
 * resolver is {@link AddressRules#resolve}, so no second lookup can lead elsewhere); no redirects; at most 1 MiB of
 * response read; the whole exchange aborted after connect + read timeout, so a send ends well inside the lease.
 * Credentials from the transport's properties, opened just before use: {@code username} + {@code password} (Basic)
 * or {@code token} (Bearer). With {@code signingSecret} ({@code whsec_} + base64 key) the request is signed the
 * Standard Webhooks way: {@code webhook-id}, {@code webhook-timestamp}, {@code webhook-signature}. The message's
 * trace goes along as the W3C {@code traceparent} header.
 */
@Component
class HttpAdapter implements TransportAdapter, DisposableBean {

    static final int MAX_RESPONSE_BYTES = 1024 * 1024;
    static final int MAX_CONTENT_TYPE = 256;

    private final AddressRules rules;
    private final TransportSecrets secrets;
    private final CloseableHttpClient client;
    private final Duration deadline;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.named("http-transport-deadline"));

    @Autowired
    HttpAdapter(DeliveryProperties properties, AddressRules rules, TransportSecrets secrets) {
        this(properties.httpConnectTimeout(), properties.httpReadTimeout(), rules, secrets);
    }

    HttpAdapter(Duration connectTimeout, Duration readTimeout, AddressRules rules, TransportSecrets secrets) {
        this.rules = rules;
        this.secrets = secrets;
        this.deadline = connectTimeout.plus(readTimeout);
        DnsResolver checked = new DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) throws UnknownHostException {
                return rules.resolve(host);
            }

            @Override
            public String resolveCanonicalHostname(String host) {
                return host;
            }
        };
        this.client = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(checked)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.of(connectTimeout))
                                .setSocketTimeout(Timeout.of(readTimeout))
                                // a pooled connection the destination closed meanwhile is not reused blindly
                                .setValidateAfterInactivity(TimeValue.ofMilliseconds(500))
                                .build())
                        .setMaxConnTotal(200)
                        .setMaxConnPerRoute(20)
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(Timeout.of(readTimeout))
                        .setRedirectsEnabled(false)
                        .build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .evictIdleConnections(TimeValue.ofSeconds(10))
                .build();
    }

    @Override
    public TransportType type() {
        return TransportType.HTTP;
    }

    @Override
    public Sent send(Outbound outbound) throws TransportException {
        URI uri = uri(outbound.address());
        String hostProblem = rules.hostProblem(uri.getHost(), true);
        if (hostProblem != null) {
            throw new AddressNotAllowedException(hostProblem);
        }
        Map<String, String> properties = open(outbound.properties());
        HttpPost post = new HttpPost(uri);
        HttpRequestHeaders.set(post, outbound, properties);
        post.setEntity(new ByteArrayEntity(outbound.body(), null));

        ScheduledFuture<?> abort = timer.schedule(post::cancel, deadline.toMillis(), TimeUnit.MILLISECONDS);
        try (ClassicHttpResponse response = client.executeOpen(null, post, null)) {
            int status = response.getCode();
            if (status / 100 != 2) {
                post.cancel();
                throw new TransportException("HTTP " + status + " from " + uri);
            }
            byte[] body = read(response.getEntity(), post);
            if (body == null) {
                throw new TransportException("the response from " + uri + " is larger than " + MAX_RESPONSE_BYTES
                        + " bytes; Portway reads at most that");
            }
            Header contentType = response.getFirstHeader("Content-Type");
            return new Sent(uri.toString(), body, contentType == null || contentType.getValue().length()
                    > MAX_CONTENT_TYPE || !HttpRequestHeaders.headerSafe(contentType.getValue()) ? null
                    : contentType.getValue());
        } catch (AddressRules.NotAllowed refused) {
            throw new AddressNotAllowedException(refused.getMessage());
        } catch (IOException e) {
            if (e.getCause() instanceof AddressRules.NotAllowed refused) {
                throw new AddressNotAllowedException(refused.getMessage());
            }
            if (post.isCancelled() && abort.isDone()) {
                throw new TransportException("no complete answer from " + uri + " within " + deadline.toMillis()
                        + " ms", e);
            }
            throw new TransportException(e.getClass().getSimpleName() + " from " + uri + ": " + e.getMessage(), e);
        } finally {
            abort.cancel(false);
        }
    }

    private static URI uri(String address) throws TransportException {
        try {
            URI uri = URI.create(address);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null
                    || uri.getRawUserInfo() != null) {
                throw new IllegalArgumentException("not http(s)://host/… without user information");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new TransportException("not an HTTP address: " + address, e);
        }
    }

    private Map<String, String> open(Map<String, String> properties) throws TransportException {
        try {
            return secrets.openSecrets(properties == null ? Map.of() : properties);
        } catch (RuntimeException e) {
            throw new TransportException("the transport's secret properties cannot be opened: " + e.getMessage());
        }
    }

    /**
     * The whole body, or null when it is longer than {@link #MAX_RESPONSE_BYTES}: then the exchange is aborted
     * first, since closing the stream would read the rest.
     */
    private static byte[] read(HttpEntity entity, HttpPost post) throws IOException {
        if (entity == null) {
            return new byte[0];
        }
        InputStream in = entity.getContent();
        byte[] body = in.readNBytes(MAX_RESPONSE_BYTES + 1);
        if (body.length > MAX_RESPONSE_BYTES) {
            post.cancel();
            return null;
        }
        in.close();
        return body;
    }

    @Override
    public void destroy() throws IOException {
        timer.shutdownNow();
        client.close();
    }
}
