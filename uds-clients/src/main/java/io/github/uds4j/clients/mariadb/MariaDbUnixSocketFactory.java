package io.github.uds4j.clients.mariadb;

import io.github.uds4j.UnixSocketAddress;
import io.github.uds4j.UnixSocketFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.InvalidPathException;
import org.mariadb.jdbc.Configuration;
import org.mariadb.jdbc.util.ConfigurableSocketFactory;

/**
 * A MariaDB Connector/J socket factory that connects to the server's Unix socket file through
 * uds4j. Name it in the URL with {@code socketFactory} and give the socket file as the URL
 * parameter {@value #SOCKET_PARAMETER}:
 * <pre>
 * jdbc:mariadb://localhost/mydb
 *     ?socketFactory=io.github.uds4j.clients.mariadb.MariaDbUnixSocketFactory
 *     &amp;uds4j.socket=/run/mysqld/mysqld.sock
 * </pre>
 * The host and port of the URL are not used. The driver's own {@code localSocket} parameter must
 * not be set: with it, the driver uses its own Unix socket (through JNA, when JNA is on the class
 * path) and never asks this factory.
 *
 * <p>Timeouts: the driver connects the socket it gets with {@code connect(address,
 * connectTimeout)}, which here connects to the socket file and waits at most {@code
 * connectTimeout} milliseconds for room in the server's backlog ({@link
 * java.net.SocketTimeoutException} after that); and it sets {@code socketTimeout} with {@link
 * Socket#setSoTimeout}, which here is uds4j's read timeout: a read that waits longer fails with a
 * {@link java.net.SocketTimeoutException}.
 *
 * <p>The driver makes one instance per connection and calls {@link #setConfiguration} before
 * {@link #createSocket()}.
 */
public final class MariaDbUnixSocketFactory extends ConfigurableSocketFactory {
    /** The URL parameter that holds the path of the server's socket file. */
    public static final String SOCKET_PARAMETER = "uds4j.socket";

    private UnixSocketFactory factory;
    private SocketException configurationError;

    /** Creates a factory; the driver does, by class name. */
    public MariaDbUnixSocketFactory() {
    }

    /**
     * Takes the socket file's path from the parameter {@value #SOCKET_PARAMETER} of {@code conf}.
     * A missing or invalid path is reported by {@link #createSocket()}, where the driver
     * expects an {@link IOException}.
     *
     * @param conf the connection's configuration
     * @param host the host being connected to, not used
     */
    @Override
    public void setConfiguration(Configuration conf, String host) {
        String path = conf.nonMappedOptions().getProperty(SOCKET_PARAMETER);
        if (path == null || path.trim().isEmpty()) {
            configurationError = new SocketException(getClass().getName() + " needs the URL"
                    + " parameter " + SOCKET_PARAMETER + " (the path of the server's Unix socket"
                    + " file), and it is not set");
            return;
        }
        try {
            factory = new UnixSocketFactory(UnixSocketAddress.of(path));
        } catch (InvalidPathException e) {
            configurationError = new SocketException("URL parameter " + SOCKET_PARAMETER + "="
                    + path + " is not a valid Unix socket path: " + e.getMessage());
            configurationError.initCause(e);
        }
    }

    /**
     * Returns an unconnected socket whose {@code connect}, whatever address it is given, connects
     * to the socket file.
     *
     * @throws SocketException if {@value #SOCKET_PARAMETER} is missing or not a valid socket
     *     path, or {@link #setConfiguration} was not called
     */
    @Override
    public Socket createSocket() throws IOException {
        return configured().createSocket();
    }

    /** Returns a socket connected to the socket file; {@code host} and {@code port} are ignored. */
    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return configured().createSocket(host, port);
    }

    /** Returns a socket connected to the socket file; the other arguments are ignored. */
    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
            throws IOException {
        return configured().createSocket(host, port, localHost, localPort);
    }

    /** Returns a socket connected to the socket file; {@code host} and {@code port} are ignored. */
    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return configured().createSocket(host, port);
    }

    /** Returns a socket connected to the socket file; the other arguments are ignored. */
    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress,
            int localPort) throws IOException {
        return configured().createSocket(address, port, localAddress, localPort);
    }

    private UnixSocketFactory configured() throws SocketException {
        if (configurationError != null) {
            SocketException e = new SocketException(configurationError.getMessage());
            e.initCause(configurationError.getCause());
            throw e;
        }
        if (factory == null) {
            throw new SocketException(getClass().getName() + " is not configured: the driver"
                    + " calls setConfiguration before createSocket");
        }
        return factory;
    }
}
