package io.portway.support;

import io.portway.messaging.TransportSecrets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TransportSecretsKeyTest {

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(PortwaySupportAutoConfiguration.class));

    @Test
    void the_key_comes_from_portway_secrets_key() {
        String key = TransportSecrets.generateKey();
        TransportSecrets other = TransportSecrets.fromBase64(key);
        runner.withPropertyValues("portway.secrets.key=" + key).run(context -> {
            TransportSecrets secrets = context.getBean(TransportSecrets.class);
            assertThat(other.open(secrets.seal("hunter2"))).isEqualTo("hunter2");
        });
    }

    @Test
    void or_from_a_key_file(@TempDir Path dir) throws Exception {
        String key = TransportSecrets.generateKey();
        Path file = Files.writeString(dir.resolve("secrets.key"), key + "\n");
        runner.withPropertyValues("portway.secrets.key-file=" + file).run(context ->
                assertThat(TransportSecrets.fromBase64(key).open(context.getBean(TransportSecrets.class)
                        .seal("hunter2"))).isEqualTo("hunter2"));
    }

    @Test
    void without_a_key_the_service_starts_and_refuses_to_seal_naming_the_setting() {
        runner.run(context -> {
            TransportSecrets secrets = context.getBean(TransportSecrets.class);
            assertThat(secrets.hasKey()).isFalse();
            assertThatThrownBy(() -> secrets.seal("x")).hasMessageContaining("PORTWAY_SECRETS_KEY");
        });
    }

    @Test
    void a_malformed_key_fails_start_up() {
        runner.withPropertyValues("portway.secrets.key=c2hvcnQ=").run(context ->
                assertThat(context).hasFailed().getFailure().hasRootCauseMessage(
                        "the secrets key must be 32 bytes (AES-256), base64-encoded; it has 5"));
    }
}
