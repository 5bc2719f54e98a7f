package io.github.uds4j;

import io.github.uds4j.internal.SocketFiles;
import io.github.uds4j.internal.Timeouts;
import io.github.uds4j.spi.ListeningSocket;
import java.io.IOException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;

/**
 * A provider's listening socket (stream or seqpacket) plus what uds-api adds: it removes its socket file on close, only
 * while the file at the path is still the one it bound, and it drops connections from peers the
 * options do not allow, and from peers whose user id cannot be read.
 */
final class OwnedServerSocket implements UnixServerSocket, io.github.uds4j.spi.DescriptorAccess {
    private final SocketFiles.Published<ListeningSocket> file;
    private final ListeningSocket raw;
    private final UnixSocketAddress address;
    private final BindOptions options;
    private final Object closeLock = new Object();
    private volatile boolean closed;
    private volatile long acceptTimeoutMillis;

    OwnedServerSocket(SocketFiles.Published<ListeningSocket> file, UnixSocketAddress address,
            BindOptions options) {
        this.file = file;
        this.raw = file.socket();
        this.address = address;
        this.options = options;
    }

    /** A server that owns no file: bound to an abstract name, or adopted from a descriptor. */
    OwnedServerSocket(ListeningSocket raw, UnixSocketAddress address, BindOptions options) {
        this.file = null;
        this.raw = raw;
        this.address = address;
        this.options = options;
    }

    /**
     * {@inheritDoc} On a server closed before the call this throws a {@link
     * ClosedChannelException}; when another thread closes it during the call, an {@link
     * AsynchronousCloseException}, whatever the provider threw: the JDK's rule, on every
     * provider.
     */
    @Override
    public UnixSocket accept() throws IOException {
        if (closed || !raw.isOpen()) {
            throw new ClosedChannelException();
        }
        try {
            return acceptAllowed();
        } catch (AsynchronousCloseException e) {
            throw e;
        } catch (ClosedChannelException e) {
            AsynchronousCloseException x = new AsynchronousCloseException();
            x.initCause(e);
            throw x;
        }
    }

    private UnixSocket acceptAllowed() throws IOException {
        long timeout = acceptTimeoutMillis;
        long deadline = Timeouts.deadline(timeout);
        while (true) {
            UnixSocket s;
            if (deadline == Long.MIN_VALUE) {
                s = raw.accept(); // no limit, or one too long to count
            } else {
                long left = Timeouts.millisLeft(deadline);
                if (left == 0) {
                    throw Timeouts.acceptTimedOut(address, timeout);
                }
                s = raw.acceptWithin(left);
            }
            if (admits(options, s)) {
                return s;
            }
        }
    }

    /**
     * Returns whether {@code options} let the peer of {@code s} in, and closes {@code s} if not.
     * A peer whose user id cannot be read is not let in: dropped like the others, so that it
     * cannot make accept fail.
     */
    static boolean admits(BindOptions options, UnixSocket s) throws IOException {
        if (options.allowedUids() == null) {
            return true;
        }
        boolean allowed = false;
        try {
            allowed = options.allows(s.getPeerCredentials().uid());
        } catch (IOException e) {
            // not allowed
        } finally {
            if (!allowed) {
                s.close();
            }
        }
        return allowed;
    }

    @Override
    public void setAcceptTimeout(Duration timeout) {
        acceptTimeoutMillis = Timeouts.toMillis(timeout, "timeout");
    }

    @Override
    public Duration getAcceptTimeout() {
        return Duration.ofMillis(acceptTimeoutMillis);
    }

    @Override
    public UnixSocketAddress getLocalAddress() {
        return address;
    }

    @Override
    public boolean replacedStaleFile() {
        return file != null && file.replacedStaleFile();
    }

    @Override
    public boolean isOpen() {
        return raw.isOpen();
    }

    /**
     * {@inheritDoc} A second caller, also from another thread, returns only once the first has
     * removed the file, so "closed" always means "file gone" for whoever asks.
     */
    @Override
    public void close() throws IOException {
        synchronized (closeLock) {
            if (closed) {
                return;
            }
            closed = true;
            // The file first, while the open socket keeps its inode number from a new file.
            try {
                if (file != null) {
                    file.remove();
                }
            } finally {
                raw.close();
            }
        }
    }

    /** {@inheritDoc} Where the provider lacks FD_PASSING, throws UnsupportedOperationException. */
    @Override
    public java.io.FileDescriptor fileDescriptor() {
        if (!(raw instanceof io.github.uds4j.spi.DescriptorAccess)) {
            throw new UnsupportedOperationException(this + " cannot hand out its descriptor: that"
                    + " needs " + UnixSocketCapability.FD_PASSING + ", which its provider lacks");
        }
        return ((io.github.uds4j.spi.DescriptorAccess) raw).fileDescriptor();
    }

    @Override
    public String toString() {
        return "UnixServerSocket[" + address + "]";
    }
}
