package io.github.uds4j.jdk16;

import io.github.uds4j.UnixSocket;
import io.github.uds4j.UnixSocketAddress;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Set;

/**
 * Makes a connected pair the way {@code socketpair(2)} would, which the JDK lacks: a listener in a
 * fresh directory of mode 0700, one connect, one accept. The socket file and the directory are
 * removed before {@link #open()} returns or throws.
 */
final class SocketPairs {
    private static final FileAttribute<Set<PosixFilePermission>> PRIVATE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";
    private static final int RANDOM_CHARS = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    private SocketPairs() {}

    /**
     * Returns two sockets connected to each other.
     *
     * @throws IOException if the directory, the listener or the connection cannot be made;
     *     nothing is left open or behind
     */
    static UnixSocket[] open() throws IOException {
        Path dir = createPrivateDirectory();
        Path file = dir.resolve("s");
        UnixSocket[] pair;
        try {
            pair = connectThrough(UnixDomainSocketAddress.of(file));
        } catch (IOException | RuntimeException | Error e) {
            remove(e, file, dir);
            throw e;
        }
        try {
            remove(null, file, dir);
        } catch (IOException e) {
            Connector.closeAfterFailure(pair[0], e);
            Connector.closeAfterFailure(pair[1], e);
            throw e;
        }
        return pair;
    }

    /** Listens at {@code address}, connects, accepts; closes everything it opened on failure. */
    private static UnixSocket[] connectThrough(UnixDomainSocketAddress address)
            throws IOException {
        SocketChannel a = null;
        SocketChannel b = null;
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(address, 1);
            a = SocketChannel.open(StandardProtocolFamily.UNIX);
            a.connect(address); // lands in the empty backlog: returns at once
            b = server.accept();
            return new UnixSocket[] {new Jdk16Socket(a, false), new Jdk16Socket(b, false)};
        } catch (IOException | RuntimeException | Error e) {
            if (a != null) {
                Connector.closeAfterFailure(a, e);
            }
            if (b != null) {
                Connector.closeAfterFailure(b, e);
            }
            throw e;
        }
    }

    /**
     * Removes each path that exists, trying all of them. Failures are attached to {@code
     * failure}; without one, the first is thrown after the rest were tried.
     */
    private static void remove(Throwable failure, Path... paths) throws IOException {
        IOException first = null;
        for (Path path : paths) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                if (failure != null) {
                    failure.addSuppressed(e);
                } else if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /**
     * Creates an empty directory of mode 0700 (set by {@code mkdir}, never wider) with a random
     * name in {@code java.io.tmpdir}, or in {@code /tmp} if the socket path there would be over
     * {@link UnixSocketAddress#MAX_PATH_BYTES} bytes.
     */
    static Path createPrivateDirectory() throws IOException {
        Path parent = Paths.get(System.getProperty("java.io.tmpdir", "/tmp")).toAbsolutePath();
        if (!fits(parent)) {
            parent = Paths.get("/tmp");
        }
        boolean posix = parent.getFileSystem().supportedFileAttributeViews().contains("posix");
        for (int attempt = 0; ; attempt++) {
            Path dir = parent.resolve(randomName());
            try {
                // Without POSIX permissions (Windows) the temporary directory is the user's own.
                return posix ? Files.createDirectory(dir, PRIVATE) : Files.createDirectory(dir);
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 16) {
                    throw e;
                }
            }
        }
    }

    /** Returns whether a pair's socket path under {@code parent} is short enough. */
    private static boolean fits(Path parent) {
        try {
            UnixSocketAddress.of(parent.resolve(randomName()).resolve("s"));
            return true;
        } catch (InvalidPathException e) {
            return false;
        }
    }

    private static String randomName() {
        StringBuilder b = new StringBuilder("uds4j-pair-");
        for (int i = 0; i < RANDOM_CHARS; i++) {
            b.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return b.toString();
    }
}
