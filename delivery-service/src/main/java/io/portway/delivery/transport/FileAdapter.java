package io.portway.delivery.transport;

import io.portway.events.TransportType;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/**
 * {@code file:///dir/%MessageID%.xml}: writes a temporary file in the target directory and renames it atomically,
 * so a reader never sees half a message. Macros: {@code %MessageID%}, {@code %SendPortName%}, {@code %datetime%}
 * (UTC {@code yyyy-MM-ddTHHmmss}); their values are made safe as file names.
 */
@Component
class FileAdapter implements TransportAdapter {

    private static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HHmmss");

    @Override
    public TransportType type() {
        return TransportType.FILE;
    }

    @Override
    public Sent send(Outbound outbound) throws TransportException {
        Path target = target(outbound);
        try {
            Path directory = target.getParent();
            Files.createDirectories(directory);
            Path temporary = directory.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
            Files.write(temporary, outbound.body());
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return new Sent(target.toUri().toString(), null, null);
        } catch (IOException | RuntimeException e) {
            throw new TransportException("cannot write " + target + ": " + e, e);
        }
    }

    static Path target(Outbound outbound) throws TransportException {
        String address = outbound.address()
                .replace("%MessageID%", safe(outbound.messageId()))
                .replace("%SendPortName%", safe(outbound.sendPort()))
                .replace("%datetime%", ZonedDateTime.now(ZoneOffset.UTC).format(DATETIME));
        try {
            return Path.of(URI.create(address));
        } catch (IllegalArgumentException e) {
            throw new TransportException("not a file address: " + address, e);
        }
    }

    static String safe(String value) {
        StringBuilder safe = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            safe.append(Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.' ? c : '_');
        }
        String result = safe.toString();
        return result.isEmpty() || result.chars().allMatch(c -> c == '.') ? "_" : result;
    }
}
