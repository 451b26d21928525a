package io.portway.delivery.transport;

import io.portway.support.Traceparent;
import org.apache.hc.client5.http.classic.methods.HttpPost;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

/**
 * The headers of the POST {@link HttpAdapter} sends, from the message and the transport's opened properties:
 * its content type, {@code Idempotency-Key}, Portway's ids, {@code traceparent}; credentials
 * ({@code username} + {@code password} as Basic, or {@code token} as Bearer), the Standard Webhooks signature with
 * {@value #SIGNING_SECRET}, and header values made safe (no control characters).
 */
final class HttpRequestHeaders {

    static final String SIGNING_SECRET = "signingSecret";

    private HttpRequestHeaders() {
    }

    /** Every header of the POST that delivers {@code outbound}, credentials and signature included. */
    static void set(HttpPost post, Outbound outbound, Map<String, String> properties)
            throws TransportException {
        post.setHeader("Content-Type", outbound.contentType() != null && headerSafe(outbound.contentType())
                ? outbound.contentType() : "application/octet-stream");
        post.setHeader("Idempotency-Key", outbound.instanceId());
        post.setHeader("X-Portway-Message-Id", printable(outbound.messageId()));
        post.setHeader("X-Portway-Send-Port", printable(outbound.sendPort()));
        String traceparent = Traceparent.current();
        if (traceparent != null) {
            post.setHeader(Traceparent.HEADER, traceparent);
        }
        authenticate(post, properties);
        sign(post, properties.get(SIGNING_SECRET), outbound.instanceId(), outbound.body());
    }

    private static void authenticate(HttpPost post, Map<String, String> properties) throws TransportException {
        String username = properties.get("username");
        String password = properties.get("password");
        String token = properties.get("token");
        if (username != null && password != null) {
            if (username.contains(":") || !headerSafe(username) || !headerSafe(password)) {
                throw new TransportException("the username may not contain ':' and neither it nor the password"
                        + " control characters");
            }
            post.setHeader("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (username + ":" + password).getBytes(StandardCharsets.UTF_8)));
        } else if (token != null) {
            if (!headerSafe(token)) {
                throw new TransportException("the token may not contain control characters");
            }
            post.setHeader("Authorization", "Bearer " + token);
        }
    }

    /** Standard Webhooks: {@code v1,} + base64(HMAC-SHA256(key, id + "." + timestamp + "." + body)). */
    private static void sign(HttpPost post, String signingSecret, String id, byte[] body) throws TransportException {
        if (signingSecret == null) {
            return;
        }
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        post.setHeader("webhook-id", id);
        post.setHeader("webhook-timestamp", timestamp);
        post.setHeader("webhook-signature", "v1," + signature(signingSecret, id, timestamp, body));
    }

    private static String signature(String signingSecret, String id, String timestamp, byte[] body)
            throws TransportException {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(signingSecret.startsWith("whsec_")
                    ? signingSecret.substring("whsec_".length()) : signingSecret);
        } catch (IllegalArgumentException e) {
            throw new TransportException("signingSecret is not whsec_ followed by a base64 key");
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new TransportException("signingSecret cannot sign: " + e.getMessage());
        }
    }

    static boolean headerSafe(String value) {
        return value.chars().noneMatch(c -> c < 0x20 && c != '\t' || c == 0x7F);
    }

    private static String printable(String value) {
        return headerSafe(value) ? value : value.replaceAll("[\\x00-\\x1F\\x7F]", "?");
    }
}
