package io.github.uds4j.junixsocket;

import io.github.uds4j.UnixSocket;
import io.github.uds4j.UnixSocketAddress;
import io.github.uds4j.spi.ListeningSocket;
import io.github.uds4j.spi.ProviderSupport;
import java.io.Closeable;
import java.io.IOException;
import java.net.BindException;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Random;
import java.util.Set;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXServerSocketChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.newsclub.net.unix.AFUNIXSocketChannel;
import org.newsclub.net.unix.FileDescriptorCast;

/** The socket operations of {@link JunixsocketProvider}, on junixsocket's channels. */
final class JunixSockets {
    private static final Random RANDOM = new SecureRandom();
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

    private JunixSockets() {}

    /**
     * Connects, in blocking mode. junixsocket ignores the timeout of {@code Socket.connect}, and a
     * non-blocking connect does not help either: when the backlog is full Linux fails it at once
     * with {@code EAGAIN} instead of leaving it pending. What does work is the kernel's own
     * bound on a blocking connect's wait, the send timeout {@code SO_SNDTIMEO}, which junixsocket
     * sets with {@code setSoTimeout}; it is reset to 0 (no limit) once connected.
     */
    static UnixSocket connect(UnixSocketAddress address, long timeoutMillis) throws IOException {
        AFUNIXSocketAddress target = toNative(address);
        AFUNIXSocketChannel channel = AFUNIXSocketChannel.open();
        try {
            if (timeoutMillis > 0) {
                channel.socket().setSoTimeout((int) Math.min(timeoutMillis, Integer.MAX_VALUE));
                try {
                    channel.connect(target);
                } catch (SocketTimeoutException e) {
                    SocketTimeoutException x = new SocketTimeoutException(address
                            + ": connect timed out after " + timeoutMillis
                            + " ms (the server's backlog may be full)");
                    x.initCause(e);
                    throw x;
                }
                channel.socket().setSoTimeout(0);
            } else {
                channel.connect(target);
            }
            return new JunixUnixSocket(channel, null, address, null);
        } catch (IOException | RuntimeException | Error e) {
            closeAfterFailure(channel, e);
            throw e;
        }
    }

    /**
     * Binds and listens without ever removing or replacing a file at the path.
     *
     * <p>junixsocket's native bind does both: with {@code SO_REUSEADDR} (its default) it moves
     * any existing file away, and without it still unlinks a file it cannot connect to, such as
     * a stale socket or a regular file. So the socket is bound in a fresh private directory
     * beside the path, where nothing else can be, given the mode of a plain {@code bind(2)}
     * there, and hard-linked into place: {@code link(2)} fails if anything is at the path and
     * never replaces it. Where the temporary path would be too long for a socket address, the
     * socket is bound at the path directly, after checking that nothing is there (a small race
     * that only this case has).
     *
     * <p>junixsocket's accept also checks, before every call, that the file at the path it
     * bound is still the one it created, and closes the server when it is not. That file is the
     * temporary one here, and uds-api replaces bound paths too (it binds under a temporary name
     * and links the socket into place when it sets permissions). So connections are accepted on
     * a second junixsocket server made on the same descriptor ({@code FileDescriptorCast.using}),
     * which knows no inode to check. The binding one is kept open beside it and owns the
     * descriptor: the cast one never closes it, and closing the binding one early would shut the
     * shared socket down.
     */
    static ListeningSocket bind(UnixSocketAddress address, int backlog) throws IOException {
        Path path = address.getPath();
        Path parent = path.getParent() != null ? path.getParent() : Paths.get(".");
        Path dir = createPrivateDirectory(parent);
        Path tmp = dir.resolve("s");
        AFUNIXServerSocketChannel binder = null;
        AFUNIXServerSocketChannel acceptor = null;
        Object created = null; // the identity of the socket file this call put at the path
        Throwable failure = null;
        try {
            Set<PosixFilePermission> mode = bindMode(dir);
            binder = AFUNIXServerSocketChannel.open();
            binder.setOption(StandardSocketOptions.SO_REUSEADDR, Boolean.FALSE);
            binder.setDeleteOnClose(false);
            if (fitsSocketAddress(tmp)) {
                binder.bind(toNative(tmp.toString()), backlog);
                Files.setPosixFilePermissions(tmp, mode);
                try {
                    Files.createLink(path, tmp);
                } catch (FileAlreadyExistsException e) {
                    throw inUse(address, e);
                }
                created = fileKey(tmp);
            } else {
                if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                    throw inUse(address, null);
                }
                binder.bind(toNative(address.toString()), backlog);
                created = fileKey(path);
                Files.setPosixFilePermissions(path, mode);
            }
            acceptor = FileDescriptorCast.using(binder.getFileDescriptor())
                    .as(AFUNIXServerSocket.class).getChannel();
            acceptor.setDeleteOnClose(false);
            acceptor.configureBlocking(true);
            return new JunixListeningSocket(acceptor, binder, address);
        } catch (IOException | RuntimeException | Error e) {
            failure = e;
            closeAfterFailure(acceptor, e);
            closeAfterFailure(binder, e);
            removeCreated(path, created, e);
            throw e;
        } finally {
            removeTemporary(tmp, dir, failure);
        }
    }

    private static Object fileKey(Path p) throws IOException {
        return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                .fileKey();
    }

    /** After a failed bind, removes the socket file it created, if that is still at the path. */
    private static void removeCreated(Path path, Object created, Throwable failure) {
        if (created == null) {
            return;
        }
        try {
            if (created.equals(fileKey(path))) {
                Files.delete(path);
            }
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /**
     * Removes the temporary link and directory. After a failure, a problem doing so is attached
     * to it; after a success it is ignored: the socket is in place, only an empty private
     * directory may be left.
     */
    private static void removeTemporary(Path tmp, Path dir, Throwable failure) {
        for (Path p : new Path[] {tmp, dir}) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException | RuntimeException e) {
                if (failure != null) {
                    failure.addSuppressed(e);
                }
            }
        }
    }

    private static BindException inUse(UnixSocketAddress address, Throwable cause) {
        BindException x = new BindException(address
                + ": Address already in use (a file is at the path; left alone)");
        if (cause != null) {
            x.initCause(cause);
        }
        return x;
    }

    /** Returns two connected sockets made by {@code socketpair(2)}, both blocking. */
    static UnixSocket[] openPair() throws IOException {
        return SocketPairs.open();
    }

    /** Creates a directory with mode 0700 and a short random name in {@code parent}. */
    private static Path createPrivateDirectory(Path parent) throws IOException {
        for (int attempt = 0; ; attempt++) {
            StringBuilder b = new StringBuilder(".jx");
            for (int i = 0; i < 5; i++) {
                b.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
            }
            try {
                return Files.createDirectory(parent.resolve(b.toString()),
                        PosixFilePermissions.asFileAttribute(
                                PosixFilePermissions.fromString("rwx------")));
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 100) {
                    throw e;
                }
            }
        }
    }

    /**
     * Returns the mode {@code bind(2)} gives a socket file: 0777 less the process's umask, which
     * is also what a directory made without a mode gets. junixsocket sets 0666 instead, which
     * would let every user connect whatever the umask says.
     */
    private static Set<PosixFilePermission> bindMode(Path privateDir) throws IOException {
        Path probe = privateDir.resolve("m");
        Files.createDirectory(probe);
        try {
            return Files.getPosixFilePermissions(probe, LinkOption.NOFOLLOW_LINKS);
        } finally {
            Files.delete(probe);
        }
    }

    private static boolean fitsSocketAddress(Path p) {
        try {
            UnixSocketAddress.of(p);
            return true;
        } catch (InvalidPathException e) {
            return false;
        }
    }

    static AFUNIXSocketAddress toNative(UnixSocketAddress address) throws IOException {
        return toNative(address.toString());
    }

    /** Encodes the path as the JDK's file APIs do; junixsocket itself would always use UTF-8. */
    private static AFUNIXSocketAddress toNative(String path) throws IOException {
        return AFUNIXSocketAddress.of(path.getBytes(ProviderSupport.fileNameCharset()));
    }

    /** Returns the address junixsocket reports, or null if it is unnamed or not a path. */
    static UnixSocketAddress fromNative(SocketAddress address) {
        if (!(address instanceof AFUNIXSocketAddress)) {
            return null;
        }
        AFUNIXSocketAddress a = (AFUNIXSocketAddress) address;
        try {
            if (!a.hasFilename()) {
                return null;
            }
            byte[] bytes = a.getPathAsBytes();
            if (bytes == null || bytes.length == 0) {
                return null;
            }
            return UnixSocketAddress.of(new String(bytes, ProviderSupport.fileNameCharset()));
        } catch (RuntimeException e) {
            return null; // a name uds4j cannot represent, such as one over 107 bytes
        }
    }

    /** Closes {@code c} after {@code failure}; see {@link ProviderSupport#closeAfterFailure}. */
    static void closeAfterFailure(Closeable c, Throwable failure) {
        ProviderSupport.closeAfterFailure(c, failure);
    }
}
