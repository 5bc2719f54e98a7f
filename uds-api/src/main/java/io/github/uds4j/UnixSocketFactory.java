package io.github.uds4j;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.SocketFactory;

/**
 * A {@link SocketFactory} whose sockets connect to one Unix domain socket path, whatever host and
 * port they are asked for. It lets client libraries written for TCP reach a local daemon over
 * its socket file: JDBC drivers, HTTP clients, anything that takes a {@code SocketFactory}.
 *
 * <p>PostgreSQL's JDBC driver instantiates the factory by class name with one {@code String}
 * argument:
 * <pre>
 * jdbc:postgresql://localhost/mydb?socketFactory=io.github.uds4j.UnixSocketFactory
 *     &amp;socketFactoryArg=/var/run/postgresql/.s.PGSQL.5432
 * </pre>
 * and OkHttp takes an instance:
 * <pre>{@code
 * OkHttpClient client = new OkHttpClient.Builder()
 *     .socketFactory(new UnixSocketFactory("/var/run/docker.sock"))
 *     .build();
 * }</pre>
 *
 * <p>The sockets are {@code java.net.Socket} views of {@link UnixSocket}s: their streams,
 * {@code setSoTimeout} (a read timeout that leaves the socket usable), {@code
 * shutdownInput/Output}, {@code isConnected}, {@code isClosed} and {@code close} work on every
 * provider. The connect timeout a client passes to {@code connect} is honoured (see {@link
 * UnixSockets#connect(UnixSocketAddress, java.time.Duration)}). As for a TCP socket, {@code
 * close()} from another thread ends a {@code connect} in progress of a socket from {@link
 * #createSocket()}, also one waiting for room in a full backlog: the connect throws a {@link
 * java.net.SocketException} "Socket closed" (on jdk16 at once; on junixsocket, whose connect a
 * close cannot wake, within one 10 ms wait of the kernel's, some 16 ms at most at {@code HZ=250}).
 */
public final class UnixSocketFactory extends SocketFactory {
    private final UnixSocketAddress address;

    /**
     * Returns a factory for the socket file at {@code path}.
     *
     * @param path the socket file's path
     * @throws NullPointerException if {@code path} is null
     * @throws java.nio.file.InvalidPathException if the path is not a valid socket path
     */
    public UnixSocketFactory(String path) {
        this(UnixSocketAddress.of(path));
    }

    /**
     * Returns a factory for {@code address}.
     *
     * @param address the socket's address
     * @throws NullPointerException if {@code address} is null
     */
    public UnixSocketFactory(UnixSocketAddress address) {
        if (address == null) {
            throw new NullPointerException("address == null");
        }
        this.address = address;
    }

    /**
     * Returns the address every socket of this factory connects to.
     *
     * @return the socket file given to the constructor
     */
    public UnixSocketAddress getAddress() {
        return address;
    }

    /**
     * Returns an unconnected socket; its {@code connect} goes to this factory's path whatever
     * address it is given.
     */
    @Override
    public Socket createSocket() throws IOException {
        return new SocketView(address);
    }

    /** Returns a socket connected to this factory's path; {@code host} and {@code port} are ignored. */
    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected();
    }

    /** Returns a socket connected to this factory's path; the other arguments are ignored. */
    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
            throws IOException {
        return connected();
    }

    /** Returns a socket connected to this factory's path; {@code host} and {@code port} are ignored. */
    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected();
    }

    /** Returns a socket connected to this factory's path; the other arguments are ignored. */
    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress,
            int localPort) throws IOException {
        return connected();
    }

    private Socket connected() throws IOException {
        SocketView s = new SocketView(address);
        try {
            s.connect(address, 0);
        } catch (IOException | RuntimeException e) {
            try {
                s.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return s;
    }

    @Override
    public String toString() {
        return "UnixSocketFactory[" + address + "]";
    }
}
