package io.github.uds4j.clients.mysql;

import com.mysql.cj.Session;
import com.mysql.cj.conf.PropertyKey;
import com.mysql.cj.conf.PropertySet;
import com.mysql.cj.conf.RuntimeProperty;
import com.mysql.cj.log.Log;
import com.mysql.cj.protocol.ExportControlled;
import com.mysql.cj.protocol.ServerSession;
import com.mysql.cj.protocol.SocketConnection;
import com.mysql.cj.protocol.SocketFactory;
import io.github.uds4j.UnixSocketAddress;
import io.github.uds4j.UnixSocketFactory;
import java.io.Closeable;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.file.InvalidPathException;
import java.util.concurrent.TimeUnit;

/**
 * A MySQL Connector/J {@link SocketFactory} that connects to the server's Unix socket file through
 * uds4j. Name it in the URL with {@code socketFactory} and give the socket file as the connection
 * property {@value #SOCKET_PROPERTY}:
 * <pre>
 * jdbc:mysql://localhost/mydb?socketFactory=io.github.uds4j.clients.mysql.MysqlUnixSocketFactory
 *     &amp;uds4j.socket=/run/mysqld/mysqld.sock
 * </pre>
 * The host and port of the URL are not used (the driver still needs a syntactically valid URL).
 *
 * <p>Timeouts:
 * <ul>
 *   <li>{@code connectTimeout} (milliseconds, 0 for none) bounds the connect, which on a Unix
 *       socket waits only while the server's backlog is full; so does the login timeout
 *       ({@link java.sql.DriverManager#setLoginTimeout}), the shorter of the two applying. A
 *       connect that runs out of time fails with a {@link java.net.SocketTimeoutException}.
 *   <li>The login timeout also bounds the reads of the handshake, as with the driver's standard
 *       factory: a server that accepts and never answers fails the login in time.
 *   <li>{@code socketTimeout} (milliseconds) is a read timeout: the driver sets it with {@link
 *       Socket#setSoTimeout}, which on this socket is uds4j's read timeout, and a read that
 *       waits longer fails with a {@link java.net.SocketTimeoutException}.
 * </ul>
 *
 * <p>TLS works as on TCP ({@code sslMode}): the handshake runs over the Unix socket through the
 * driver's own TLS code. A connection through this factory counts as local to the server.
 *
 * <p>The driver makes one instance per connection; an instance is not for sharing.
 */
public final class MysqlUnixSocketFactory implements SocketFactory {
    /** The connection property that holds the path of the server's socket file. */
    public static final String SOCKET_PROPERTY = "uds4j.socket";

    private Socket socket;
    /** When the login timeout ends (System.nanoTime), if there is one. */
    private long loginDeadline;
    private int loginTimeout;
    /** The read timeout to restore after the handshake, or -1. */
    private int readTimeoutAfterHandshake = -1;

    /** Creates a factory; the driver does, by class name. */
    public MysqlUnixSocketFactory() {
    }

    /**
     * Connects to the socket file named by the property {@value #SOCKET_PROPERTY}, waiting at most
     * the shorter of {@code connectTimeout} and {@code loginTimeout} (0 meaning no limit).
     *
     * @param host          the URL's host, not used
     * @param port          the URL's port, not used
     * @param props         the connection's properties
     * @param loginTimeout  the login timeout in milliseconds, 0 for none
     * @return the connected {@link Socket}
     * @throws SocketException if {@value #SOCKET_PROPERTY} is missing or not a valid socket path
     * @throws java.net.SocketTimeoutException if the connect did not complete in time
     * @throws IOException if the connect fails (a missing socket file, for example: the
     *     message names the path)
     */
    @Override
    @SuppressWarnings("unchecked")
    public <T extends Closeable> T connect(String host, int port, PropertySet props,
            int loginTimeout) throws IOException {
        UnixSocketAddress address = address(props);
        int connectTimeout = props.getIntegerProperty(PropertyKey.connectTimeout).getValue();
        this.loginTimeout = Math.max(loginTimeout, 0);
        this.loginDeadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(loginTimeout);
        Socket s = new UnixSocketFactory(address).createSocket();
        try {
            s.connect(address, shorter(connectTimeout, loginTimeout));
        } catch (IOException | RuntimeException e) {
            try {
                s.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        socket = s;
        return (T) s;
    }

    /** Returns the socket file's address from {@code props}, failing with a clear message. */
    private static UnixSocketAddress address(PropertySet props) throws SocketException {
        String path = null;
        try {
            RuntimeProperty<String> p = props.getStringProperty(SOCKET_PROPERTY);
            path = p == null ? null : p.getValue();
        } catch (RuntimeException notSet) {
            // Connector/J throws for a property name it does not know and was not given
        }
        if (path == null || path.trim().isEmpty()) {
            throw new SocketException(MysqlUnixSocketFactory.class.getName() + " needs the"
                    + " connection property " + SOCKET_PROPERTY + " (the path of the server's"
                    + " Unix socket file), and it is not set");
        }
        try {
            return UnixSocketAddress.of(path);
        } catch (InvalidPathException e) {
            SocketException bad = new SocketException("connection property " + SOCKET_PROPERTY
                    + "=" + path + " is not a valid Unix socket path: " + e.getMessage());
            bad.initCause(e);
            throw bad;
        }
    }

    /**
     * Bounds the reads of the handshake by what is left of the login timeout, if there is one
     * (the read timeout, {@code socketTimeout}, still applies if it is shorter).
     *
     * @throws java.net.SocketTimeoutException if the login timeout has already passed
     */
    @Override
    public void beforeHandshake() throws IOException {
        if (loginTimeout == 0 || socket == null) {
            return;
        }
        long left = TimeUnit.NANOSECONDS.toMillis(loginDeadline - System.nanoTime());
        if (left <= 0) {
            throw new SocketTimeoutException("login timeout of " + loginTimeout
                    + " ms passed before the handshake with " + socket.getRemoteSocketAddress());
        }
        int readTimeout = socket.getSoTimeout();
        readTimeoutAfterHandshake = readTimeout;
        socket.setSoTimeout(shorter(readTimeout, (int) Math.min(left, Integer.MAX_VALUE)));
    }

    /** Restores the read timeout that {@link #beforeHandshake()} shortened. */
    @Override
    public void afterHandshake() throws IOException {
        if (readTimeoutAfterHandshake >= 0 && socket != null) {
            socket.setSoTimeout(readTimeoutAfterHandshake);
            readTimeoutAfterHandshake = -1;
        }
    }

    /** Returns the shorter of two timeouts in milliseconds, where 0 (or less) means none. */
    static int shorter(int a, int b) {
        if (a <= 0) {
            return Math.max(b, 0);
        }
        return b <= 0 ? a : Math.min(a, b);
    }

    /**
     * Runs the TLS handshake over the connected Unix socket with the driver's own TLS code, as
     * Connector/J's standard factory does over TCP, and returns the TLS socket.
     */
    @Override
    public <T extends Closeable> T performTlsHandshake(SocketConnection connection,
            ServerSession session) throws IOException {
        return performTlsHandshake(connection, session, null);
    }

    /**
     * Runs the TLS handshake over the connected Unix socket with the driver's own TLS code, as
     * Connector/J's standard factory does over TCP, and returns the TLS socket.
     */
    @Override
    @SuppressWarnings("unchecked")
    public <T extends Closeable> T performTlsHandshake(SocketConnection connection,
            ServerSession session, Log log) throws IOException {
        if (socket == null) {
            throw new SocketException("TLS handshake before connect");
        }
        socket = ExportControlled.performTlsHandshake(socket, connection,
                session == null ? null : session.getServerVersion(), log);
        return (T) socket;
    }

    /** Returns true: a Unix socket's peer is on this machine. */
    @Override
    public boolean isLocallyConnected(Session session) {
        return true;
    }

    /** Returns true: a Unix socket's peer is on this machine. */
    @Override
    public boolean isLocallyConnected(Session session, String processHost) {
        return true;
    }
}
