package io.github.uds4j;

import io.github.uds4j.internal.Failures;
import io.github.uds4j.internal.SocketFiles;
import io.github.uds4j.spi.DescriptorAccess;
import java.io.FileDescriptor;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;

/**
 * A provider's datagram socket plus what uds-api adds: the standard errors naming the address,
 * senders reported by their published paths, and the removal of its socket file on close, only
 * while the file is still the one it bound.
 */
final class OwnedDatagramSocket implements UnixDatagramSocket, DescriptorAccess {
    private final UnixDatagramSocket raw;
    /** The file it published, or null: unbound, abstract, a pair, adopted. */
    private final SocketFiles.Published<UnixDatagramSocket> file;
    private final Object closeLock = new Object();
    private volatile boolean closed;

    OwnedDatagramSocket(UnixDatagramSocket raw, SocketFiles.Published<UnixDatagramSocket> file) {
        this.raw = raw;
        this.file = file;
    }

    @Override
    public int send(ByteBuffer src, UnixSocketAddress target, Descriptor... descriptors)
            throws IOException {
        try {
            return raw.send(src, target, descriptors);
        } catch (IOException e) {
            throw mapped(target != null ? target : raw.getRemoteAddress(), e);
        }
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        try {
            return raw.write(src);
        } catch (IOException e) {
            throw mapped(raw.getRemoteAddress(), e);
        }
    }

    @Override
    public void connect(UnixSocketAddress target) throws IOException {
        if (target == null) {
            throw new NullPointerException("target == null");
        }
        try {
            raw.connect(target);
        } catch (IOException e) {
            throw mapped(target, e);
        }
    }

    /** Maps a failure to reach {@code target}; the socket's own states pass unchanged. */
    private static IOException mapped(UnixSocketAddress target, IOException e) {
        if (target == null || e instanceof ClosedChannelException
                || e instanceof SocketTimeoutException || e instanceof MessageTruncatedException) {
            return e;
        }
        return Failures.connect(target, e);
    }

    @Override
    public Received receive(ByteBuffer dst) throws IOException {
        return published(raw.receive(dst));
    }

    @Override
    public Received receive(ByteBuffer dst, int maxDescriptors) throws IOException {
        return published(raw.receive(dst, maxDescriptors));
    }

    /**
     * Reports a sender that uds4j bound by the path it was published at, rather than by its
     * kernel name in its private directory ({@link SocketFiles#publishedName}).
     */
    private static Received published(Received r) {
        UnixSocketAddress sender = r.sender();
        if (sender == null) {
            return r;
        }
        UnixSocketAddress name = SocketFiles.publishedName(sender);
        return name == sender ? r : Received.of(r.length(), r.isTruncated(), name,
                r.descriptors(), r.droppedDescriptors());
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return raw.read(dst);
    }

    @Override
    public boolean isConnected() {
        return raw.isConnected();
    }

    @Override
    public UnixSocketAddress getLocalAddress() {
        return raw.getLocalAddress();
    }

    @Override
    public UnixSocketAddress getRemoteAddress() {
        return raw.getRemoteAddress();
    }

    @Override
    public void setReadTimeout(Duration timeout) throws IOException {
        raw.setReadTimeout(timeout);
    }

    @Override
    public Duration getReadTimeout() {
        return raw.getReadTimeout();
    }

    @Override
    public String providerName() {
        return raw.providerName();
    }

    @Override
    public FileDescriptor fileDescriptor() {
        if (!(raw instanceof DescriptorAccess)) {
            throw new UnsupportedOperationException(this + " cannot hand out its descriptor: that"
                    + " needs " + UnixSocketCapability.FD_PASSING + ", which provider "
                    + providerName() + " lacks");
        }
        return ((DescriptorAccess) raw).fileDescriptor();
    }

    @Override
    public boolean isOpen() {
        return raw.isOpen();
    }

    /**
     * {@inheritDoc} The file first, while the open socket keeps its inode number from a new
     * file; a second caller returns once the first has removed it.
     */
    @Override
    public void close() throws IOException {
        synchronized (closeLock) {
            if (closed) {
                return;
            }
            closed = true;
            try {
                if (file != null) {
                    file.remove();
                }
            } finally {
                raw.close();
            }
        }
    }

    @Override
    public String toString() {
        UnixSocketAddress local = raw.getLocalAddress();
        return "UnixDatagramSocket[" + providerName() + (local != null ? ", " + local : "")
                + (isOpen() ? "" : ", closed") + "]";
    }
}
