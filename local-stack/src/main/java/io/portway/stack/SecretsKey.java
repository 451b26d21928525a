package io.portway.stack;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * {@code <dataDir>/secrets.key}: the key that seals transport secrets, 32 random bytes in base64, created on
 * first start readable by its owner only and kept between runs (events sealed under it stay readable).
 */
final class SecretsKey {

    static final String FILE = "secrets.key";

    private static final Logger log = LoggerFactory.getLogger(SecretsKey.class);

    private SecretsKey() {
    }

    /** The key file in {@code dataDirectory}, created if missing. */
    static Path file(Path dataDirectory) {
        Path file = dataDirectory.resolve(FILE);
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(dataDirectory);
                byte[] key = new byte[32];
                new SecureRandom().nextBytes(key);
                Path partial = Files.createTempFile(dataDirectory, FILE, ".new", ownerOnly());
                Files.writeString(partial, Base64.getEncoder().encodeToString(key) + "\n",
                        StandardCharsets.US_ASCII);
                Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
                log.info("Created the secrets key {}", file);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the secrets key " + file, e);
        }
    }

    private static FileAttribute<?>[] ownerOnly() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(
                "rw-------"))}
                : new FileAttribute<?>[0];
    }
}
