package io.github.uds4j;

import java.io.File;
import java.net.SocketAddress;
import java.nio.charset.Charset;
import java.nio.file.FileSystems;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The address of a Unix domain socket: a path in the file system.
 *
 * <p>Instances are immutable. The path is kept as given (a relative path stays relative and is
 * resolved against the working directory when it is used, as the kernel does). Its length is
 * checked here, before anything touches the file system, against {@link #MAX_PATH_BYTES}: the
 * one limit that every backend honours. A longer path is rejected rather than truncated, so no
 * file is ever created at a shortened path.
 *
 * <p>A path that ends with {@code /} is rejected too: the slash makes the kernel treat the path
 * as a directory, which a socket file never is, so {@code connect(2)} and {@code bind(2)} fail
 * with {@code ENOTDIR} (as Python's {@code socket} and {@code nc -U} report), while {@link Path}
 * would quietly drop the slash and reach the socket. The mistake is reported here, the same way
 * for connect and bind on every provider.
 *
 * <pre>{@code
 * UnixSocketAddress address = UnixSocketAddress.of("./uds_socket");
 * }</pre>
 */
public final class UnixSocketAddress extends SocketAddress {
    private static final long serialVersionUID = 1L;

    /**
     * The longest path, in bytes of the file system encoding, that an address may have: 106.
     *
     * <p>Linux's {@code sockaddr_un.sun_path} holds 108 bytes. The JDK keeps two of them back and
     * rejects a path of 107 bytes or more ("Unix domain path too long", measured on JDK 17 and
     * 25); junixsocket takes 107 bytes, and silently cuts longer paths, creating a file at the
     * cut path. 106, the smaller of the two limits, is enforced here for every provider, so the
     * same paths work everywhere and nothing is ever created at a shortened path.
     */
    public static final int MAX_PATH_BYTES = 106;

    private final String path;

    private UnixSocketAddress(String path) {
        this.path = path;
    }

    /**
     * Returns the address of the socket file at {@code path}.
     *
     * @param path the socket file's path, absolute or relative to the working directory
     * @return the address
     * @throws NullPointerException if {@code path} is null
     * @throws InvalidPathException if the path is empty, contains a NUL character, ends with
     *     {@code /}, cannot be encoded in the file system's encoding, or is longer than {@link
     *     #MAX_PATH_BYTES} bytes; the message names the path and the problem
     */
    public static UnixSocketAddress of(String path) {
        if (path == null) {
            throw new NullPointerException("path == null");
        }
        check(path);
        return new UnixSocketAddress(path);
    }

    /**
     * Returns the address of the socket file at {@code path}.
     *
     * @param path the socket file's path, absolute or relative to the working directory
     * @return the address
     * @throws NullPointerException if {@code path} is null
     * @throws InvalidPathException as for {@link #of(String)}, and if the path holds bytes that
     *     are not valid in the file system's encoding (a name read from the disk)
     */
    public static UnixSocketAddress of(Path path) {
        if (path == null) {
            throw new NullPointerException("path == null");
        }
        String text = path.toString();
        if (path.getFileSystem() == FileSystems.getDefault() && !Paths.get(text).equals(path)) {
            // A name read from the disk whose bytes are not valid in the file name encoding:
            // its text (with U+FFFD in place of those bytes) names another file.
            throw new InvalidPathException(text, "Unix socket path contains bytes that are not"
                    + " valid " + fileSystemCharset() + " (shown as \uFFFD); it cannot be"
                    + " passed on unchanged");
        }
        return of(text);
    }

    private static void check(String path) {
        if (path.isEmpty()) {
            throw new InvalidPathException(path, "Unix socket path is empty");
        }
        int nul = path.indexOf('\0');
        if (nul >= 0) {
            throw new InvalidPathException(
                    printable(path), "Unix socket path contains a NUL character", nul);
        }
        if (path.endsWith("/")) {
            throw new InvalidPathException(path, "Unix socket path ends with '/', which names a"
                    + " directory; a socket file is not one", path.length() - 1);
        }
        Charset charset = fileSystemCharset();
        if (!charset.newEncoder().canEncode(path)) {
            throw new InvalidPathException(path,
                    "Unix socket path cannot be encoded in the file system encoding " + charset);
        }
        int bytes = path.getBytes(charset).length;
        if (bytes > MAX_PATH_BYTES) {
            throw new InvalidPathException(path, "Unix socket path is " + bytes
                    + " bytes long; the limit is " + MAX_PATH_BYTES + " bytes");
        }
        // Let the default file system reject anything else it cannot represent.
        Paths.get(path);
    }

    private static String printable(String path) {
        return path.replace("\0", "\\0");
    }

    /** The charset the JDK uses for file names (sun.jnu.encoding), UTF-8 when unknown. */
    static Charset fileSystemCharset() {
        return io.github.uds4j.internal.ProviderSupport.fileNameCharset();
    }

    /**
     * Returns the path of the socket file, as given.
     *
     * @return the path
     */
    public Path getPath() {
        return Paths.get(path);
    }

    /**
     * Returns the path of the socket file as a {@link File}, for APIs that want one.
     *
     * @return the file
     */
    public File toFile() {
        return new File(path);
    }

    /**
     * Returns the path's length in bytes of the file system encoding.
     *
     * @return between 1 and {@link #MAX_PATH_BYTES}
     */
    public int byteLength() {
        return path.getBytes(fileSystemCharset()).length;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof UnixSocketAddress && ((UnixSocketAddress) other).path.equals(path);
    }

    @Override
    public int hashCode() {
        return path.hashCode();
    }

    /** Returns the path, as given: {@code ./uds_socket}. */
    @Override
    public String toString() {
        return path;
    }
}
