package io.github.uds4j;

import java.io.File;
import java.net.SocketAddress;
import java.nio.charset.Charset;
import java.nio.file.FileSystems;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The address of a Unix domain socket: a path in the file system, or (on Linux) a name in the
 * abstract namespace.
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
 * <p><b>Abstract names</b> ({@link #ofAbstract(String)}, Linux only) are names in the kernel's
 * abstract namespace: no file exists for them, so file permissions do not apply (any process in
 * the same network namespace may connect) and nothing is left behind when the socket closes. A
 * name is any sequence of 1 to {@link #MAX_ABSTRACT_BYTES} bytes; it is shown as {@code @name},
 * as {@code ss} and socat show it. {@code of("@x")} stays the file {@code @x}: a file may be
 * named so.
 *
 * <pre>{@code
 * UnixSocketAddress address = UnixSocketAddress.of("./uds_socket");
 * UnixSocketAddress named = UnixSocketAddress.ofAbstract("my-service");   // shown as @my-service
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

    /**
     * The longest abstract name, in bytes: 107. Linux's {@code sun_path} holds 108 bytes and an
     * abstract name takes all but the leading NUL that marks it. The kernel takes the name's
     * length from the address length, so trailing NULs are part of the name and no padding is
     * added: Python's {@code socket}, socat and every uds4j provider name the same socket by the
     * same bytes.
     */
    public static final int MAX_ABSTRACT_BYTES = 107;

    /** The path, or null for an abstract name. */
    private final String path;
    /** The abstract name's bytes, without the leading NUL; null for a path. */
    private final byte[] abstractName;

    private UnixSocketAddress(String path) {
        this.path = path;
        this.abstractName = null;
    }

    private UnixSocketAddress(byte[] abstractName) {
        this.path = null;
        this.abstractName = abstractName;
    }

    /**
     * Returns the address of {@code name} in Linux's abstract namespace, encoded in UTF-8.
     *
     * @param name the name, without a leading {@code @} or NUL (any {@code @} is part of it)
     * @return the address
     * @throws NullPointerException if {@code name} is null
     * @throws IllegalArgumentException if the name is empty or longer than {@link
     *     #MAX_ABSTRACT_BYTES} bytes in UTF-8; the message names it
     */
    public static UnixSocketAddress ofAbstract(String name) {
        if (name == null) {
            throw new NullPointerException("name == null");
        }
        return ofAbstract(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * Returns the address of the abstract name made of exactly these bytes (NULs included).
     *
     * @param name the name's bytes, without the leading NUL; copied
     * @return the address
     * @throws NullPointerException if {@code name} is null
     * @throws IllegalArgumentException if the name is empty or longer than {@link
     *     #MAX_ABSTRACT_BYTES} bytes
     */
    public static UnixSocketAddress ofAbstract(byte[] name) {
        if (name == null) {
            throw new NullPointerException("name == null");
        }
        if (name.length == 0) {
            throw new IllegalArgumentException("abstract socket name is empty");
        }
        if (name.length > MAX_ABSTRACT_BYTES) {
            throw new IllegalArgumentException("abstract socket name " + show(name) + " is "
                    + name.length + " bytes long; the limit is " + MAX_ABSTRACT_BYTES + " bytes");
        }
        return new UnixSocketAddress(name.clone());
    }

    /**
     * Returns whether this is a name in the abstract namespace rather than a file path.
     *
     * @return true for {@link #ofAbstract(String)} addresses
     */
    public boolean isAbstract() {
        return abstractName != null;
    }

    /**
     * Returns the abstract name's bytes, without the leading NUL.
     *
     * @return a copy of the name
     * @throws IllegalStateException if this address is a path
     */
    public byte[] abstractName() {
        if (abstractName == null) {
            throw new IllegalStateException(path + " is a file path, not an abstract name");
        }
        return abstractName.clone();
    }

    /** Shows an abstract name as {@code @name}, with {@code \xNN} for bytes not shown as text. */
    private static String show(byte[] name) {
        StringBuilder b = new StringBuilder("@");
        java.nio.charset.CharsetDecoder decoder = java.nio.charset.StandardCharsets.UTF_8
                .newDecoder();
        String text;
        try {
            text = decoder.decode(java.nio.ByteBuffer.wrap(name)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            text = null;
        }
        if (text != null && !hasControl(text)) {
            return b.append(text).toString();
        }
        for (byte x : name) {
            int c = x & 0xff;
            if (c >= 0x20 && c < 0x7f && c != '\\') {
                b.append((char) c);
            } else {
                b.append(String.format("\\x%02x", c));
            }
        }
        return b.toString();
    }

    private static boolean hasControl(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\\') {
                return true;
            }
        }
        return false;
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
     * @throws UnsupportedOperationException if this is an abstract name
     */
    public Path getPath() {
        requirePath();
        return Paths.get(path);
    }

    /**
     * Returns the path of the socket file as a {@link File}, for APIs that want one.
     *
     * @return the file
     * @throws UnsupportedOperationException if this is an abstract name
     */
    public File toFile() {
        requirePath();
        return new File(path);
    }

    /**
     * Returns the path's length in bytes of the file system encoding.
     *
     * @return between 1 and {@link #MAX_PATH_BYTES}; for an abstract name, its length in bytes
     *     (1 to {@link #MAX_ABSTRACT_BYTES})
     */
    public int byteLength() {
        return abstractName != null ? abstractName.length
                : path.getBytes(fileSystemCharset()).length;
    }

    private void requirePath() {
        if (abstractName != null) {
            throw new UnsupportedOperationException(this + " is an abstract name: no file exists"
                    + " for it");
        }
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof UnixSocketAddress)) {
            return false;
        }
        UnixSocketAddress that = (UnixSocketAddress) other;
        return abstractName != null
                ? java.util.Arrays.equals(abstractName, that.abstractName)
                : path.equals(that.path);
    }

    @Override
    public int hashCode() {
        return abstractName != null ? 31 * java.util.Arrays.hashCode(abstractName) + 1
                : path.hashCode();
    }

    /**
     * Returns the path, as given ({@code ./uds_socket}), or {@code @} and the abstract name
     * ({@code @my-service}; bytes that are not printable UTF-8 text as {@code \xNN}).
     */
    @Override
    public String toString() {
        return abstractName != null ? show(abstractName) : path;
    }
}
