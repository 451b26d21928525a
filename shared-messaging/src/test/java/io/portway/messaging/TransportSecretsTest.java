package io.portway.messaging;

import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TransportSecretsTest {

    private final TransportSecrets secrets = TransportSecrets.fromBase64(TransportSecrets.generateKey());

    @Test
    void secretKeysAreTheOnesOfProductSection8() {
        assertThat(TransportSecrets.isSecret("password")).isTrue();
        assertThat(TransportSecrets.isSecret("token")).isTrue();
        assertThat(TransportSecrets.isSecret("apiKey")).isTrue();
        assertThat(TransportSecrets.isSecret("clientSecret")).isTrue();
        assertThat(TransportSecrets.isSecret("signingSecret")).isTrue();
        assertThat(TransportSecrets.isSecret("proxyPassword")).isTrue();
        assertThat(TransportSecrets.isSecret("refreshToken")).isTrue();
        assertThat(TransportSecrets.isSecret("PASSWORD")).isTrue();
        assertThat(TransportSecrets.isSecret("username")).isFalse();
        assertThat(TransportSecrets.isSecret("contentType")).isFalse();
        assertThat(TransportSecrets.isSecret("tokenEndpoint")).isFalse();
        assertThat(TransportSecrets.isSecret(null)).isFalse();
    }

    @Test
    void aSealedValueOpensToItsPlaintextAndShowsNothingOfIt() {
        String sealed = secrets.seal("s3cr3t-pässword");

        assertThat(sealed).startsWith("enc:v1:").doesNotContain("s3cr3t");
        assertThat(Base64.getDecoder().decode(sealed.substring(7))).hasSize(12 + "s3cr3t-pässword".getBytes(
                java.nio.charset.StandardCharsets.UTF_8).length + 16);
        assertThat(secrets.open(sealed)).isEqualTo("s3cr3t-pässword");
        assertThat(secrets.seal("s3cr3t-pässword")).isNotEqualTo(sealed);
    }

    @Test
    void aValueThatIsNotSealedOpensAsItselfSoOldEventsStayReadable() {
        assertThat(secrets.open("clear-from-an-old-event")).isEqualTo("clear-from-an-old-event");
        assertThat(TransportSecrets.withoutKey().open("clear")).isEqualTo("clear");
        assertThat(secrets.open(null)).isNull();
    }

    @Test
    void aValueSealedUnderAnotherKeyOrAlteredDoesNotOpenAndTheErrorDoesNotQuoteIt() {
        String sealed = TransportSecrets.fromBase64(TransportSecrets.generateKey()).seal("hunter2");
        assertThatThrownBy(() -> secrets.open(sealed))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("portway.secrets.key")
                .hasMessageNotContaining(sealed);

        String mine = secrets.seal("hunter2");
        byte[] bytes = Base64.getDecoder().decode(mine.substring(7));
        bytes[bytes.length - 1] ^= 1;
        String altered = "enc:v1:" + Base64.getEncoder().encodeToString(bytes);
        assertThatThrownBy(() -> secrets.open(altered)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> secrets.open("enc:v1:AAAA")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> secrets.open("enc:v1:not base64!")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void withoutAKeyNothingIsSealedAndTheErrorNamesTheSetting() {
        TransportSecrets none = TransportSecrets.withoutKey();
        assertThat(none.hasKey()).isFalse();
        assertThatThrownBy(() -> none.seal("x")).hasMessageContaining("PORTWAY_SECRETS_KEY");
        assertThatThrownBy(() -> none.open(secrets.seal("x"))).hasMessageContaining("portway.secrets.key");
        assertThat(none.sealSecrets(Map.of("username", "u"))).containsEntry("username", "u");
    }

    @Test
    void aKeyMustBe32BytesOfBase64() {
        assertThatThrownBy(() -> TransportSecrets.fromBase64(Base64.getEncoder().encodeToString(new byte[16])))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> TransportSecrets.fromBase64("***")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TransportSecrets.fromBase64(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThat(TransportSecrets.fromBase64(" " + TransportSecrets.generateKey() + "\n").hasKey()).isTrue();
    }

    @Test
    void mapsSealOpenAndRedactOnlyTheSecretsKeepingTheOrder() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("username", "alice");
        properties.put("password", "hunter2");
        properties.put("signingSecret", "whsec_abc");

        Map<String, String> sealed = secrets.sealSecrets(properties);
        assertThat(sealed.keySet()).containsExactly("username", "password", "signingSecret");
        assertThat(sealed.get("username")).isEqualTo("alice");
        assertThat(sealed.get("password")).startsWith("enc:v1:");
        assertThat(secrets.sealSecrets(sealed)).isEqualTo(sealed);
        assertThat(secrets.openSecrets(sealed)).isEqualTo(properties);
        assertThat(TransportSecrets.redact(sealed))
                .containsExactly(Map.entry("username", "alice"), Map.entry("password", "******"),
                        Map.entry("signingSecret", "******"));
        assertThat(TransportSecrets.redact(null)).isNull();
    }
}
