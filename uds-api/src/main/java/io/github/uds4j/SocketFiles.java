package io.github.uds4j;

import io.github.uds4j.spi.ListeningSocket;
import io.github.uds4j.spi.UnixSocketProvider;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Random;

/**
 * Creates socket files safely, the same way for every provider: checks what is at the path,
 * replaces only stale sockets, sets the mode before the socket is reachable, and remembers the
 * file's identity so that only that file is removed later.
 */
final class SocketFiles {
    /** How long the probe of an existing socket file waits for a server to answer. */
    static final long PROBE_TIMEOUT_MILLIS = 2000;

    private static final Random RANDOM = new SecureRandom();
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

    private SocketFiles() {}

    static UnixServerSocket bind(UnixSocketProvider provider, UnixSocketAddress address,
            BindOptions options) throws IOException {
        Path path = address.getPath();
        IOException missing = Failures.missing(address.toString(), path, null);
        if (missing != null) {
            throw missing;
        }
        boolean replaced = clearStale(provider, address, options.existingFile());
        if (options.permissions() == null && options.group() == null) {
            ListeningSocket raw;
            try {
                raw = provider.bind(address, options.backlog());
            } catch (IOException e) {
                throw Failures.bind(address, e);
            }
            return new OwnedServerSocket(raw, address, FileKind.identity(path), options, replaced);
        }
        return bindPrivately(provider, address, options, replaced);
    }

    /**
     * Makes the path free for a bind, or fails leaving it as it was.
     *
     * @return whether a stale socket file was removed
     */
    private static boolean clearStale(UnixSocketProvider provider, UnixSocketAddress address,
            ExistingFilePolicy policy) throws IOException {
        Path path = address.getPath();
        String name = address.toString();
        FileKind kind;
        try {
            kind = FileKind.of(path);
        } catch (AccessDeniedException e) {
            throw Failures.withCause(new AccessDeniedException(name, null, "Permission denied"), e);
        }
        if (kind == FileKind.NONE) {
            return false;
        }
        if (kind != FileKind.SOCKET) {
            throw new FileAlreadyExistsException(name, null,
                    "exists and is " + kind.description() + ", not a socket; left alone");
        }
        if (policy == ExistingFilePolicy.FAIL) {
            throw new BindException(name
                    + ": a socket file already exists there (ExistingFilePolicy.FAIL); left alone");
        }
        Object identity = FileKind.identity(path);
        IOException refusal = probe(provider, address);
        if (refusal == null) {
            throw new BindException(name + ": is in use by a running server; left alone");
        }
        if (refusal instanceof NoSuchFileException) {
            return false; // it went away by itself
        }
        if (refusal instanceof SocketTimeoutException) {
            throw Failures.withCause(new BindException(name + ": is in use by a running server"
                    + " (it did not accept within " + PROBE_TIMEOUT_MILLIS
                    + " ms; its backlog may be full); left alone"), refusal);
        }
        if (refusal instanceof AccessDeniedException) {
            throw Failures.withCause(new AccessDeniedException(name, null,
                    "a socket file exists and cannot be probed (Permission denied); left alone"),
                    refusal);
        }
        if (!(refusal instanceof ConnectException)) {
            throw refusal;
        }
        // Refused: nobody serves it. Remove it only if it is still the file we probed.
        if (identity != null && identity.equals(FileKind.identity(path))) {
            Files.deleteIfExists(path);
            return true;
        }
        throw new BindException(name + ": the socket file changed while it was checked; left alone");
    }

    /** Connects to an existing socket file: null if a server answered, else the mapped failure. */
    private static IOException probe(UnixSocketProvider provider, UnixSocketAddress address) {
        try {
            provider.connect(address, PROBE_TIMEOUT_MILLIS).close();
            return null;
        } catch (IOException e) {
            return Failures.connect(address, e);
        }
    }

    /**
     * Binds in a fresh private directory beside the path, sets the mode and group there, then
     * hard-links the socket into place. {@code link(2)} never replaces an existing file, and the
     * socket is reachable at the path only with its final mode.
     */
    private static UnixServerSocket bindPrivately(UnixSocketProvider provider,
            UnixSocketAddress address, BindOptions options, boolean replaced) throws IOException {
        Path path = address.getPath();
        String name = address.toString();
        Path parent = path.getParent() != null ? path.getParent() : Paths.get(".");
        Path dir = createPrivateDirectory(parent, name);
        Path tmp = dir.resolve("s");
        ListeningSocket raw = null;
        boolean done = false;
        try {
            UnixSocketAddress tmpAddress;
            try {
                tmpAddress = UnixSocketAddress.of(tmp);
            } catch (InvalidPathException e) {
                throw Failures.withCause(new IOException(name
                        + ": cannot set the socket's permissions safely: the temporary path "
                        + tmp + " would be over the limit of " + UnixSocketAddress.MAX_PATH_BYTES
                        + " bytes; use a shorter path"), e);
            }
            try {
                raw = provider.bind(tmpAddress, options.backlog());
            } catch (IOException e) {
                throw Failures.bind(tmpAddress, e);
            }
            if (options.permissions() != null) {
                Files.setPosixFilePermissions(tmp, options.permissions());
            }
            if (options.group() != null) {
                PosixFileAttributeView view = Files.getFileAttributeView(tmp,
                        PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
                GroupPrincipal group = tmp.getFileSystem().getUserPrincipalLookupService()
                        .lookupPrincipalByGroupName(options.group());
                view.setGroup(group);
            }
            Object identity = FileKind.identity(tmp);
            try {
                Files.createLink(path, tmp);
            } catch (FileAlreadyExistsException e) {
                throw Failures.withCause(new BindException(name
                        + ": another file appeared at the path while binding; left alone"), e);
            }
            raw.publishAs(address);
            done = true;
            return new OwnedServerSocket(raw, address, identity, options, replaced);
        } finally {
            if (!done && raw != null) {
                try {
                    raw.close();
                } catch (IOException e) {
                    // the bind failure is what matters; the socket is gone either way
                }
            }
            Files.deleteIfExists(tmp);
            Files.deleteIfExists(dir);
        }
    }

    /** Creates a directory with mode 0700 and a short random name in {@code parent}. */
    static Path createPrivateDirectory(Path parent, String forPath) throws IOException {
        for (int attempt = 0; ; attempt++) {
            StringBuilder b = new StringBuilder(".uds4j-");
            for (int i = 0; i < 6; i++) {
                b.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
            }
            Path dir = parent.resolve(b.toString());
            try {
                return Files.createDirectory(dir,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (FileAlreadyExistsException e) {
                if (attempt > 100) {
                    throw e;
                }
            } catch (AccessDeniedException e) {
                throw Failures.withCause(new AccessDeniedException(forPath, null,
                        "Permission denied (cannot create a private directory in " + parent + ")"),
                        e);
            }
        }
    }
}
