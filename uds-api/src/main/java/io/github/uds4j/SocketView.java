package io.github.uds4j;

import io.github.uds4j.spi.ConnectCancellation;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.nio.channels.SocketChannel;
import java.time.Duration;

/**
 * A {@link Socket} over a {@link UnixSocket}, for libraries that want a {@code java.net.Socket}.
 * It is either made around a connected socket ({@link UnixSocket#asSocket()}) or made unconnected
 * by {@link UnixSocketFactory}, in which case {@link #connect(SocketAddress, int)} connects to the
 * factory's path whatever address it is given.
 *
 * <p>{@link #close()} from another thread ends a {@code connect} in progress, as for a TCP
 * socket: the connect throws a {@link SocketException} "Socket closed", also while it waits for
 * room in the server's backlog (on junixsocket, whose wait a close cannot wake, within one 10 ms
 * wait of the kernel's; see {@link UnixSocketFactory}).
 *
 * <p>TCP options (no delay, keep-alive, linger, traffic class, urgent data) mean nothing on a Unix
 * socket: setting them is accepted and ignored, as drivers written for TCP set them
 * unconditionally; reading them returns the TCP defaults.
 */
final class SocketView extends Socket {
    private final UnixSocketAddress target;
    private volatile UnixSocket socket;
    private volatile boolean closed;
    private volatile boolean inputShutdown;
    private volatile boolean outputShutdown;
    private volatile int soTimeout;
    /** The connect in progress, which {@link #close()} cancels; null when there is none. */
    private ConnectCancellation connecting;
    /**
     * Guards {@code closed}, {@code socket}, {@code soTimeout} and {@code connecting} together.
     * Never held while the socket is used, so that {@link #close()} always gets through.
     */
    private final Object lock = new Object();

    /** A view of a connected socket. */
    SocketView(UnixSocket socket) throws SocketException {
        super((java.net.SocketImpl) null);
        this.socket = socket;
        this.target = socket.getRemoteAddress();
    }

    /** An unconnected socket that connects to {@code target}. */
    SocketView(UnixSocketAddress target) throws SocketException {
        super((java.net.SocketImpl) null);
        this.target = target;
    }

    private UnixSocket connected() throws SocketException {
        checkOpen();
        UnixSocket s = socket;
        if (s == null) {
            throw new SocketException("Socket is not connected");
        }
        return s;
    }

    @Override
    public void connect(SocketAddress endpoint) throws IOException {
        connect(endpoint, 0);
    }

    /**
     * Connects to the factory's path; {@code endpoint} is ignored unless it is a {@link
     * UnixSocketAddress}, then that address is used. A {@link #close()} from another thread
     * ends the connect with a {@link SocketException} "Socket closed".
     */
    @Override
    public void connect(SocketAddress endpoint, int timeout) throws IOException {
        if (timeout < 0) {
            throw new IllegalArgumentException("connect: timeout can't be negative");
        }
        UnixSocketAddress to = endpoint instanceof UnixSocketAddress
                ? (UnixSocketAddress) endpoint : target;
        ConnectCancellation cancellation = new ConnectCancellation();
        synchronized (lock) {
            if (closed) {
                throw new SocketException("Socket is closed");
            }
            if (socket != null) {
                throw new SocketException("already connected");
            }
            if (connecting != null) {
                throw new SocketException("connect already in progress");
            }
            if (to == null) {
                throw new SocketException("no Unix socket path to connect to");
            }
            connecting = cancellation;
        }
        UnixSocket s;
        try {
            s = UnixSockets.backend().connect(to, timeout, cancellation);
        } finally {
            synchronized (lock) {
                connecting = null;
            }
        }
        try {
            synchronized (lock) {
                if (closed) {
                    throw ConnectCancellation.closed(); // closed as the connect completed
                }
                if (soTimeout > 0) {
                    s.setReadTimeout(Duration.ofMillis(soTimeout));
                }
                socket = s;
            }
        } catch (IOException | RuntimeException | Error e) {
            try {
                s.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    @Override
    public void bind(SocketAddress bindpoint) throws IOException {
        if (bindpoint != null) {
            throw new SocketException("a client Unix socket cannot be bound to " + bindpoint);
        }
    }

    @Override
    public InetAddress getInetAddress() {
        return null;
    }

    @Override
    public InetAddress getLocalAddress() {
        return null;
    }

    @Override
    public int getPort() {
        return 0;
    }

    @Override
    public int getLocalPort() {
        return -1;
    }

    @Override
    public SocketAddress getRemoteSocketAddress() {
        UnixSocket s = socket;
        return s == null ? null : (s.getRemoteAddress() != null ? s.getRemoteAddress() : target);
    }

    @Override
    public SocketAddress getLocalSocketAddress() {
        UnixSocket s = socket;
        return s == null ? null : s.getLocalAddress();
    }

    @Override
    public SocketChannel getChannel() {
        return null;
    }

    @Override
    public InputStream getInputStream() throws IOException {
        UnixSocket s = connected();
        if (inputShutdown) {
            throw new SocketException("Socket input is shutdown");
        }
        return s.getInputStream();
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
        UnixSocket s = connected();
        if (outputShutdown) {
            throw new SocketException("Socket output is shutdown");
        }
        return s.getOutputStream();
    }

    @Override
    public void setTcpNoDelay(boolean on) throws SocketException {
        checkOpen();
    }

    @Override
    public boolean getTcpNoDelay() throws SocketException {
        checkOpen();
        return false;
    }

    @Override
    public void setSoLinger(boolean on, int linger) throws SocketException {
        checkOpen();
    }

    @Override
    public int getSoLinger() throws SocketException {
        checkOpen();
        return -1;
    }

    @Override
    public void sendUrgentData(int data) throws IOException {
        throw new SocketException("urgent data is not supported on Unix domain sockets");
    }

    @Override
    public void setOOBInline(boolean on) throws SocketException {
        checkOpen();
    }

    @Override
    public boolean getOOBInline() throws SocketException {
        checkOpen();
        return false;
    }

    /** Sets the read timeout of the underlying socket ({@link UnixSocket#setReadTimeout}). */
    @Override
    public void setSoTimeout(int timeout) throws SocketException {
        checkOpen();
        if (timeout < 0) {
            throw new IllegalArgumentException("timeout can't be negative");
        }
        UnixSocket s;
        synchronized (lock) {
            soTimeout = timeout;
            s = socket;
        }
        if (s != null) {
            try {
                s.setReadTimeout(Duration.ofMillis(timeout));
            } catch (IOException e) {
                SocketException x = new SocketException(e.getMessage());
                x.initCause(e);
                throw x;
            }
        }
    }

    @Override
    public int getSoTimeout() throws SocketException {
        checkOpen();
        return soTimeout;
    }

    @Override
    public void setSendBufferSize(int size) throws SocketException {
        checkSize(size);
    }

    @Override
    public int getSendBufferSize() throws SocketException {
        checkOpen();
        return 212992;
    }

    @Override
    public void setReceiveBufferSize(int size) throws SocketException {
        checkSize(size);
    }

    @Override
    public int getReceiveBufferSize() throws SocketException {
        checkOpen();
        return 212992;
    }

    private void checkSize(int size) throws SocketException {
        checkOpen();
        if (size <= 0) {
            throw new IllegalArgumentException("negative or zero buffer size");
        }
    }

    @Override
    public void setKeepAlive(boolean on) throws SocketException {
        checkOpen();
    }

    @Override
    public boolean getKeepAlive() throws SocketException {
        checkOpen();
        return false;
    }

    @Override
    public void setTrafficClass(int tc) throws SocketException {
        checkOpen();
    }

    @Override
    public int getTrafficClass() throws SocketException {
        checkOpen();
        return 0;
    }

    @Override
    public void setReuseAddress(boolean on) throws SocketException {
        checkOpen();
    }

    @Override
    public boolean getReuseAddress() throws SocketException {
        checkOpen();
        return false;
    }

    @Override
    public void setPerformancePreferences(int connectionTime, int latency, int bandwidth) {
        // meaningless for Unix domain sockets
    }

    private void checkOpen() throws SocketException {
        if (isClosed()) {
            throw new SocketException("Socket is closed");
        }
    }

    /** Closes the socket; a {@code connect} in progress in another thread fails at once. */
    @Override
    public void close() throws IOException {
        UnixSocket s;
        ConnectCancellation c;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            s = socket;
            c = connecting;
        }
        if (c != null) {
            c.cancel();
        }
        if (s != null) {
            s.close();
        }
    }

    @Override
    public void shutdownInput() throws IOException {
        UnixSocket s = connected();
        if (inputShutdown) {
            throw new SocketException("Socket input is already shutdown");
        }
        s.shutdownInput();
        inputShutdown = true;
    }

    @Override
    public void shutdownOutput() throws IOException {
        UnixSocket s = connected();
        if (outputShutdown) {
            throw new SocketException("Socket output is already shutdown");
        }
        s.shutdownOutput();
        outputShutdown = true;
    }

    @Override
    public boolean isConnected() {
        return socket != null;
    }

    @Override
    public boolean isBound() {
        return socket != null;
    }

    /**
     * Returns whether this view, or the socket under it (for example through a stream), was
     * closed.
     */
    @Override
    public boolean isClosed() {
        if (closed) {
            return true;
        }
        UnixSocket s = socket;
        return s != null && !s.isOpen();
    }

    @Override
    public boolean isInputShutdown() {
        return inputShutdown;
    }

    @Override
    public boolean isOutputShutdown() {
        return outputShutdown;
    }

    @Override
    public String toString() {
        UnixSocket s = socket;
        return "Socket[unix:" + (isClosed() ? "closed " : s != null ? "connected " : "unconnected ")
                + target + "]";
    }

    // Java 9 added these to Socket. Declared without @Override so that this class compiles for
    // Java 8 and still overrides them on Java 9+, where the inherited ones would reach the
    // missing SocketImpl.

    /**
     * Accepts and ignores an option, like the TCP setters above ({@code SO_TIMEOUT} is no
     * {@code SocketOption}: use {@link #setSoTimeout}).
     */
    public <T> Socket setOption(java.net.SocketOption<T> name, T value) throws IOException {
        if (name == null) {
            throw new NullPointerException("name == null");
        }
        checkOpen();
        return this;
    }

    /** Returns an option's value: the TCP defaults, as the getters above. */
    @SuppressWarnings("unchecked")
    public <T> T getOption(java.net.SocketOption<T> name) throws IOException {
        if (name == null) {
            throw new NullPointerException("name == null");
        }
        checkOpen();
        Object value = DEFAULTS.get(name);
        if (value == null) {
            throw new UnsupportedOperationException("'" + name + "' not supported on Unix sockets");
        }
        return (T) value;
    }

    /** Returns the options {@link #getOption} answers: the TCP ones it accepts and ignores. */
    public java.util.Set<java.net.SocketOption<?>> supportedOptions() {
        return java.util.Collections.unmodifiableSet(DEFAULTS.keySet());
    }

    /** What the getters above return, by option. */
    private static final java.util.Map<java.net.SocketOption<?>, Object> DEFAULTS = defaults();

    private static java.util.Map<java.net.SocketOption<?>, Object> defaults() {
        java.util.Map<java.net.SocketOption<?>, Object> m =
                new java.util.LinkedHashMap<java.net.SocketOption<?>, Object>();
        m.put(java.net.StandardSocketOptions.SO_RCVBUF, 212992);
        m.put(java.net.StandardSocketOptions.SO_SNDBUF, 212992);
        m.put(java.net.StandardSocketOptions.TCP_NODELAY, Boolean.FALSE);
        m.put(java.net.StandardSocketOptions.SO_KEEPALIVE, Boolean.FALSE);
        m.put(java.net.StandardSocketOptions.SO_LINGER, -1);
        m.put(java.net.StandardSocketOptions.SO_REUSEADDR, Boolean.FALSE);
        m.put(java.net.StandardSocketOptions.IP_TOS, 0);
        return m;
    }
}
