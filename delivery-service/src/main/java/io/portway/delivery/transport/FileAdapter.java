package io.portway.delivery.transport;

import io.portway.events.TransportType;
import io.portway.support.AddressRules;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.UUID;

/**
 * {@code file:///dir/%MessageID%.xml}: writes a temporary file in the target directory and renames it atomically,
 * so a reader never sees half a message. Macros: {@code %MessageID%}, {@code %SendPortName%}, {@code %datetime%}
 * (UTC {@code yyyy-MM-ddTHHmmss}); their values are made safe as file names.
 * <p>
 * Only below an allowed root (docs/RULES.md §8): {@code ..} is resolved first, and the directories below the root are
 * opened one by one without following symbolic links (relative to the directory already opened, where the file
 * system supports it, as Linux does), so neither a link that was there nor one created meanwhile leads out.
 */
@Component
class FileAdapter implements TransportAdapter {

    private static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HHmmss");
    private static final Set<OpenOption> CREATE_NEW = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
            LinkOption.NOFOLLOW_LINKS);

    private final AddressRules rules;

    FileAdapter(AddressRules rules) {
        this.rules = rules;
    }

    @Override
    public TransportType type() {
        return TransportType.FILE;
    }

    @Override
    public Sent send(Outbound outbound) throws TransportException {
        Path target = target(outbound).toAbsolutePath().normalize();
        Path root = rules.rootOf(target);
        if (root == null) {
            throw new AddressNotAllowedException(target + " " + rules.fileProblem(target));
        }
        try {
            Path realRoot = Files.createDirectories(root).toRealPath();
            Path relative = root.relativize(target);
            try (DirectoryStream<Path> rootDirectory = Files.newDirectoryStream(realRoot)) {
                if (rootDirectory instanceof SecureDirectoryStream<Path> secure) {
                    writeBelow(secure, realRoot, relative, outbound.body());
                } else {
                    writeChecked(realRoot, relative, outbound.body());
                }
            }
            return new Sent(target.toUri().toString(), null, null);
        } catch (IOException | RuntimeException e) {
            throw new TransportException("cannot write " + target + ": " + e, e);
        }
    }

    /** Race-free: every directory below the root is opened relative to its parent, never through a link. */
    private static void writeBelow(SecureDirectoryStream<Path> root, Path realRoot, Path relative, byte[] body)
            throws IOException, TransportException {
        Deque<SecureDirectoryStream<Path>> opened = new ArrayDeque<>();
        try {
            SecureDirectoryStream<Path> directory = root;
            Path path = realRoot;
            for (int i = 0; i < relative.getNameCount() - 1; i++) {
                Path name = relative.getName(i);
                path = path.resolve(name);
                directory = openDirectory(directory, name, path);
                opened.push(directory);
            }
            Path fileName = relative.getFileName();
            if (isLink(directory, fileName)) {
                throw new AddressNotAllowedException(path.resolve(fileName) + " is a symbolic link");
            }
            Path temporary = fileName.resolveSibling("." + fileName + "." + UUID.randomUUID() + ".tmp");
            try (SeekableByteChannel channel = directory.newByteChannel(temporary, CREATE_NEW)) {
                ByteBuffer buffer = ByteBuffer.wrap(body);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            }
            try {
                directory.move(temporary, directory, fileName);
            } catch (IOException e) {
                directory.deleteFile(temporary);
                throw e;
            }
        } finally {
            for (SecureDirectoryStream<Path> directory : opened) {
                directory.close();
            }
        }
    }

    private static SecureDirectoryStream<Path> openDirectory(SecureDirectoryStream<Path> parent, Path name,
                                                             Path path) throws IOException, TransportException {
        for (int attempt = 0; ; attempt++) {
            try {
                return parent.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException missing) {
                if (attempt > 0) {
                    throw missing;
                }
                try {
                    Files.createDirectory(path);
                } catch (FileAlreadyExistsException raced) {
                    // created meanwhile: open it (without following a link) on the next attempt
                }
            } catch (FileSystemException e) {
                if (isLink(parent, name)) {
                    throw new AddressNotAllowedException(path + " is a symbolic link: FILE delivery does not follow"
                            + " links below an allowed root");
                }
                throw e;
            }
        }
    }

    private static boolean isLink(SecureDirectoryStream<Path> directory, Path name) {
        try {
            return directory.getFileAttributeView(name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .readAttributes().isSymbolicLink();
        } catch (IOException e) {
            return false;
        }
    }

    /** Where the file system offers no directory handles: check each directory, then the real parent path. */
    private static void writeChecked(Path realRoot, Path relative, byte[] body) throws IOException,
            TransportException {
        Path directory = realRoot;
        for (int i = 0; i < relative.getNameCount() - 1; i++) {
            directory = directory.resolve(relative.getName(i));
            if (Files.isSymbolicLink(directory)) {
                throw new AddressNotAllowedException(directory + " is a symbolic link: FILE delivery does not follow"
                        + " links below an allowed root");
            }
            if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(directory);
            }
        }
        if (!directory.toRealPath().startsWith(realRoot)) {
            throw new AddressNotAllowedException(directory + " leads out of the allowed root " + realRoot);
        }
        Path target = directory.resolve(relative.getFileName());
        Path temporary = directory.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        Files.write(temporary, body, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS);
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
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
