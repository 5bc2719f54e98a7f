package io.github.uds4j.clients.jedis;

import io.github.uds4j.UnixSocket;
import io.github.uds4j.UnixSocketAddress;
import io.github.uds4j.UnixSockets;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisSocketFactory;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * A {@link JedisSocketFactory} whose sockets connect to a Redis server's Unix socket file.
 *
 * <p>Timeouts come from the {@link JedisClientConfig} given to the constructor, the one the
 * client is built with: {@link JedisClientConfig#getConnectionTimeoutMillis()} limits the connect
 * (it waits only while the server's backlog is full) and {@link
 * JedisClientConfig#getSocketTimeoutMillis()} becomes the socket's read timeout, which Jedis reads
 * back from the socket. Zero means no limit for either, as in Jedis. A read that times out fails
 * with Jedis's {@link JedisConnectionException}, caused by a {@link
 * java.net.SocketTimeoutException}.
 *
 * <p>Instances are immutable and may be shared by any number of clients and threads.
 */
public final class UnixJedisSocketFactory implements JedisSocketFactory {
    private final UnixSocketAddress address;
    private final int connectionTimeoutMillis;
    private final int socketTimeoutMillis;

    /**
     * Returns a factory for the socket file at {@code path} with Jedis's default timeouts (those
     * of {@code DefaultJedisClientConfig.builder().build()}: 2000 ms each).
     *
     * @param path the socket file's path
     * @throws NullPointerException if {@code path} is null
     * @throws java.nio.file.InvalidPathException if the path cannot name a socket
     */
    public UnixJedisSocketFactory(String path) {
        this(path, DefaultJedisClientConfig.builder().build());
    }

    /**
     * Returns a factory for the socket file at {@code path} with the connect and socket timeouts
     * of {@code config}; give the client the same {@code config}.
     *
     * @param path the socket file's path
     * @param config the client's configuration
     * @throws NullPointerException if an argument is null
     * @throws java.nio.file.InvalidPathException if the path cannot name a socket
     * @throws IllegalArgumentException if a timeout of {@code config} is negative
     */
    public UnixJedisSocketFactory(String path, JedisClientConfig config) {
        if (path == null) {
            throw new NullPointerException("path == null");
        }
        if (config == null) {
            throw new NullPointerException("config == null");
        }
        this.address = UnixSocketAddress.of(path);
        this.connectionTimeoutMillis = nonNegative("connectionTimeoutMillis",
                config.getConnectionTimeoutMillis());
        this.socketTimeoutMillis = nonNegative("socketTimeoutMillis",
                config.getSocketTimeoutMillis());
    }

    private static int nonNegative(String name, int millis) {
        if (millis < 0) {
            throw new IllegalArgumentException("JedisClientConfig." + name + " is negative: "
                    + millis);
        }
        return millis;
    }

    /**
     * Returns the address every socket of this factory connects to.
     *
     * @return the Redis server's socket address, as given to the constructor
     */
    public UnixSocketAddress getAddress() {
        return address;
    }

    /**
     * Connects to the socket file and returns the connection as a {@link Socket}, its read
     * timeout set to the socket timeout.
     *
     * @throws JedisConnectionException if the connect fails or times out; the message names the
     *     path and the cause is the {@link IOException} (a {@link
     *     java.nio.file.NoSuchFileException} for a missing file, a {@link
     *     java.net.SocketTimeoutException} for a connect that timed out)
     */
    @Override
    public Socket createSocket() throws JedisConnectionException {
        UnixSocket socket = null;
        try {
            socket = UnixSockets.connect(address, Duration.ofMillis(connectionTimeoutMillis));
            Socket view = socket.asSocket();
            view.setSoTimeout(socketTimeoutMillis);
            return view;
        } catch (IOException | RuntimeException e) {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw new JedisConnectionException("cannot connect to Redis at " + address.getPath()
                    + ": " + e, e);
        }
    }

    @Override
    public String toString() {
        return "UnixJedisSocketFactory[" + address + ", connectionTimeoutMillis="
                + connectionTimeoutMillis + ", socketTimeoutMillis=" + socketTimeoutMillis + "]";
    }
}
