package io.github.uds4j.clients.httpclient5;

import io.github.uds4j.UnixSocketAddress;
import io.github.uds4j.UnixSocketFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import org.apache.hc.client5.http.io.HttpClientConnectionOperator;
import org.apache.hc.client5.http.io.ManagedHttpClientConnection;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.URIScheme;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.net.NamedEndpoint;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * An {@link HttpClientConnectionOperator} that connects routes with a Unix domain socket ({@code
 * RequestConfig.setUnixDomainSocket(Path)}) through uds4j, and hands every other route to the
 * operator it wraps.
 *
 * <p>For a Unix socket route it connects to the path within the connect timeout (the
 * connection manager's {@code ConnectionConfig.getConnectTimeout()}; zero or none means no
 * limit) and sets the socket's read timeout from the {@link SocketConfig}'s {@code soTimeout}; the
 * manager and the request then set theirs ({@code ConnectionConfig}'s socket timeout, {@code
 * RequestConfig}'s response timeout) as over TCP. A missing socket file fails with a {@link
 * java.nio.file.NoSuchFileException} naming the path, a connect that times out with a {@link
 * java.net.SocketTimeoutException} naming it. Only plain HTTP goes over the socket: a route with
 * the {@code https} scheme and a Unix socket fails with an {@link IOException} saying so.
 *
 * <p>{@link UnixSocketConnectionManagerBuilder} puts one into a {@code
 * PoolingHttpClientConnectionManager}. Instances are immutable and thread-safe if the wrapped
 * operator is.
 */
public final class UnixSocketConnectionOperator implements HttpClientConnectionOperator {
    private final HttpClientConnectionOperator tcp;

    /**
     * Returns an operator that connects Unix socket routes itself and hands the others to {@code
     * tcp}.
     *
     * @param tcp the operator for routes without a Unix socket, usually the default one
     * @throws NullPointerException if {@code tcp} is null
     */
    public UnixSocketConnectionOperator(HttpClientConnectionOperator tcp) {
        if (tcp == null) {
            throw new NullPointerException("tcp == null");
        }
        this.tcp = tcp;
    }

    /**
     * Connects {@code conn}: to the socket file {@code unixDomainSocket} if it is not null, else
     * through the wrapped operator.
     *
     * @throws IOException if the connect fails; for a Unix socket see the class description
     */
    @Override
    public void connect(ManagedHttpClientConnection conn, HttpHost endpointHost,
            NamedEndpoint endpointName, Path unixDomainSocket, InetSocketAddress localAddress,
            Timeout connectTimeout, SocketConfig socketConfig, Object attachment,
            HttpContext context) throws IOException {
        if (unixDomainSocket == null) {
            tcp.connect(conn, endpointHost, endpointName, null, localAddress, connectTimeout,
                    socketConfig, attachment, context);
            return;
        }
        if (URIScheme.HTTPS.same(endpointHost.getSchemeName())) {
            throw new IOException("cannot reach " + endpointHost + " through the Unix socket "
                    + unixDomainSocket + ": only plain http goes over a Unix socket here");
        }
        UnixSocketAddress address = UnixSocketAddress.of(unixDomainSocket);
        Socket socket = new UnixSocketFactory(address).createSocket();
        try {
            // Bound before the connect, so that a connection shut down meanwhile closes it.
            conn.bind(socket);
            Timeout soTimeout = socketConfig != null ? socketConfig.getSoTimeout() : null;
            if (soTimeout != null) {
                socket.setSoTimeout(soTimeout.toMillisecondsIntBound());
            }
            socket.connect(address, millis(connectTimeout));
            conn.bind(socket);
        } catch (IOException | RuntimeException e) {
            try {
                socket.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private static int millis(Timeout timeout) {
        return timeout == null || timeout.isDisabled() ? 0 : timeout.toMillisecondsIntBound();
    }

    /** Connects {@code conn} to a TCP endpoint through the wrapped operator. */
    @Override
    public void connect(ManagedHttpClientConnection conn, HttpHost host,
            InetSocketAddress localAddress, TimeValue connectTimeout, SocketConfig socketConfig,
            HttpContext context) throws IOException {
        tcp.connect(conn, host, localAddress, connectTimeout, socketConfig, context);
    }

    /** Connects {@code conn} to a TCP endpoint through the wrapped operator. */
    @Override
    public void connect(ManagedHttpClientConnection conn, HttpHost endpointHost,
            NamedEndpoint endpointName, InetSocketAddress localAddress, Timeout connectTimeout,
            SocketConfig socketConfig, Object attachment, HttpContext context)
            throws IOException {
        tcp.connect(conn, endpointHost, endpointName, localAddress, connectTimeout,
                socketConfig, attachment, context);
    }

    /** Layers TLS over a tunnelled connection through the wrapped operator. */
    @Override
    public void upgrade(ManagedHttpClientConnection conn, HttpHost host, HttpContext context)
            throws IOException {
        tcp.upgrade(conn, host, context);
    }

    /** Layers TLS over a tunnelled connection through the wrapped operator. */
    @Override
    public void upgrade(ManagedHttpClientConnection conn, HttpHost endpointHost,
            NamedEndpoint endpointName, Object attachment, HttpContext context)
            throws IOException {
        tcp.upgrade(conn, endpointHost, endpointName, attachment, context);
    }

    @Override
    public String toString() {
        return "UnixSocketConnectionOperator[tcp=" + tcp + "]";
    }
}
