package io.portway.delivery.transport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.portway.messaging.TransportSecrets;
import io.portway.support.AddressRules;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The HTTP transport against a real local server: credentials, Standard Webhooks signatures (checked by a verifier
 * written from the specification), no redirects, bounded responses and a deadline, and hosts outside the rules.
 */
class HttpAdapterTest {

    record Request(String path, Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    static final AddressRules LOOPBACK = new AddressRules(List.of(), List.of("*", "127.0.0.0/8"), List.of());
    static final String KEY = TransportSecrets.generateKey();
    static final TransportSecrets SECRETS = TransportSecrets.fromBase64(KEY);

    HttpServer server;
    final List<Request> received = new CopyOnWriteArrayList<>();
    final CountDownLatch release = new CountDownLatch(1);
    HttpAdapter adapter;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(new Request(exchange.getRequestURI().getPath(), Map.copyOf(exchange.getRequestHeaders()),
                    body));
            switch (exchange.getRequestURI().getPath()) {
                case "/redirect" -> {
                    exchange.getResponseHeaders().add("Location", url("/elsewhere"));
                    answer(exchange, 302, new byte[0]);
                }
                case "/huge" -> answer(exchange, 200, new byte[HttpAdapter.MAX_RESPONSE_BYTES + 1]);
                case "/odd-type" -> {
                    exchange.getResponseHeaders().add("Content-Type", "text/plain; x=" + "y".repeat(1000));
                    answer(exchange, 200, "ok".getBytes(StandardCharsets.UTF_8));
                }
                case "/never" -> {
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    answer(exchange, 200, new byte[0]);
                }
                default -> {
                    exchange.getResponseHeaders().add("Content-Type", "text/plain");
                    answer(exchange, 200, "ok".getBytes(StandardCharsets.UTF_8));
                }
            }
        });
        server.start();
        // generous timeouts: these tests are about what is sent and refused, not about time (the machine may be busy)
        adapter = new HttpAdapter(Duration.ofSeconds(5), Duration.ofSeconds(30), LOOPBACK, SECRETS);
    }

    @AfterEach
    void stop() throws IOException {
        release.countDown();
        adapter.destroy();
        server.stop(0);
    }

    private static void answer(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    Outbound outbound(String address, Map<String, String> properties, String body) {
        return new Outbound("instance-1", "message-1", "port-1", address, properties, Map.of("A", "1"),
                body.getBytes(StandardCharsets.UTF_8), "application/json");
    }

    @Test
    void basicCredentialsComeFromTheSealedProperties() throws Exception {
        Sent sent = adapter.send(outbound(url("/in"), Map.of("username", "svc", "password", SECRETS.seal("s3cr:t")),
                "{}"));

        assertThat(sent.response()).isEqualTo("ok".getBytes(StandardCharsets.UTF_8));
        assertThat(sent.responseContentType()).isEqualTo("text/plain");
        assertThat(received.get(0).header("Authorization")).isEqualTo("Basic "
                + Base64.getEncoder().encodeToString("svc:s3cr:t".getBytes(StandardCharsets.UTF_8)));
        assertThat(received.get(0).header("Idempotency-Key")).isEqualTo("instance-1");
    }

    @Test
    void aTokenIsSentAsBearer() throws Exception {
        adapter.send(outbound(url("/in"), Map.of("token", SECRETS.seal("abc.def")), "{}"));

        assertThat(received.get(0).header("Authorization")).isEqualTo("Bearer abc.def");
    }

    @Test
    void aSignedDeliveryVerifiesByTheStandardWebhooksRules_andATamperedOneDoesNot() throws Exception {
        byte[] key = new byte[24];
        new java.security.SecureRandom().nextBytes(key);
        String secret = "whsec_" + Base64.getEncoder().encodeToString(key);
        long before = Instant.now().getEpochSecond();

        adapter.send(outbound(url("/in"), Map.of("signingSecret", SECRETS.seal(secret)), "{\"total\": 250}"));

        Request request = received.get(0);
        assertThat(request.header("webhook-id")).isEqualTo("instance-1");
        assertThat(Long.parseLong(request.header("webhook-timestamp"))).isBetween(before, before + 5);
        assertThat(StandardWebhooksVerifier.verifies(secret, request.header("webhook-id"),
                request.header("webhook-timestamp"), request.header("webhook-signature"), request.body())).isTrue();
        assertThat(StandardWebhooksVerifier.verifies(secret, request.header("webhook-id"),
                request.header("webhook-timestamp"), request.header("webhook-signature"),
                "{\"total\": 999}".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(StandardWebhooksVerifier.verifies("whsec_" + Base64.getEncoder().encodeToString(new byte[24]),
                request.header("webhook-id"), request.header("webhook-timestamp"), request.header("webhook-signature"),
                request.body())).isFalse();
    }

    @Test
    void anUnsignedDeliveryHasNoWebhookHeaders() throws Exception {
        adapter.send(outbound(url("/in"), Map.of(), "x"));

        assertThat(received.get(0).header("webhook-signature")).isNull();
        assertThat(received.get(0).header("Authorization")).isNull();
    }

    @Test
    void aRedirectIsNotFollowed() {
        assertThatThrownBy(() -> adapter.send(outbound(url("/redirect"), Map.of(), "x")))
                .isInstanceOf(TransportException.class).hasMessageContaining("HTTP 302");
        assertThat(received).extracting(Request::path).containsExactly("/redirect");
    }

    @Test
    void aResponseOverOneMebibyteFails_andAnOverlongContentTypeIsDropped() throws Exception {
        assertThatThrownBy(() -> adapter.send(outbound(url("/huge"), Map.of(), "x")))
                .isInstanceOf(TransportException.class).hasMessageContaining("larger than 1048576 bytes");

        Sent odd = adapter.send(outbound(url("/odd-type"), Map.of(), "x"));
        assertThat(odd.responseContentType()).isNull();
    }

    @Test
    void aDestinationThatNeverAnswersFailsWithinConnectPlusReadTimeout() {
        HttpAdapter impatient = new HttpAdapter(Duration.ofSeconds(1), Duration.ofSeconds(1), LOOPBACK, SECRETS);
        long start = System.nanoTime();
        assertThatThrownBy(() -> impatient.send(outbound(url("/never"), Map.of(), "x")))
                .isInstanceOf(TransportException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void hostsOutsideTheRulesAreRefusedBeforeAnythingIsSent_evenByAName() throws Exception {
        HttpAdapter publicOnly = new HttpAdapter(Duration.ofSeconds(1), Duration.ofSeconds(1),
                new AddressRules(List.of(), List.of(), List.of()), SECRETS);
        try {
            int port = server.getAddress().getPort();
            for (String address : List.of(url("/in"), "http://localhost:" + port + "/in",
                    "http://0.0.0.0:" + port + "/in", "http://[::ffff:127.0.0.1]:" + port + "/in",
                    "http://169.254.169.254/latest/meta-data")) {
                assertThatThrownBy(() -> publicOnly.send(outbound(address, Map.of(), "x")))
                        .as(address).isInstanceOf(AddressNotAllowedException.class);
            }
            assertThat(received).isEmpty();
        } finally {
            publicOnly.destroy();
        }
    }

    @Test
    void aSecretThatCannotBeOpenedFailsWithoutQuotingIt() {
        HttpAdapter keyless = new HttpAdapter(Duration.ofSeconds(1), Duration.ofSeconds(1), LOOPBACK,
                TransportSecrets.withoutKey());
        String sealed = SECRETS.seal("hunter2");
        assertThatThrownBy(() -> keyless.send(outbound(url("/in"), Map.of("password", sealed, "username", "u"), "x")))
                .isInstanceOf(TransportException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2").doesNotContain(sealed));
        assertThat(received).isEmpty();
    }

    /**
     * Written from the Standard Webhooks specification: the signed content is {@code id.timestamp.body}; the key is
     * the base64 part of {@code whsec_…}; the header holds space-separated {@code v1,<base64 HMAC-SHA256>}
     * signatures, compared in constant time; timestamps more than five minutes away are refused.
     */
    static final class StandardWebhooksVerifier {

        static boolean verifies(String secret, String id, String timestamp, String signatureHeader, byte[] body)
                throws Exception {
            if (Math.abs(Instant.now().getEpochSecond() - Long.parseLong(timestamp)) > 300) {
                return false;
            }
            byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            byte[] expected = mac.doFinal(body);
            for (String signature : signatureHeader.split(" ")) {
                String[] parts = signature.split(",", 2);
                if (parts.length == 2 && parts[0].equals("v1")
                        && MessageDigest.isEqual(expected, Base64.getDecoder().decode(parts[1]))) {
                    return true;
                }
            }
            return false;
        }
    }
}
