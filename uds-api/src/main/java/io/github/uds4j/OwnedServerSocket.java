package io.github.uds4j;

import io.github.uds4j.spi.ListeningSocket;
import io.github.uds4j.spi.Timeouts;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;

/**
 * A provider's listening socket plus what uds-api adds: it removes its socket file on close, only
 * while the file at the path is still the one it bound, and it drops connections from peers the
 * options do not allow.
 */
final class OwnedServerSocket implements UnixServerSocket {
    private final ListeningSocket raw;
    private final UnixSocketAddress address;
    private final Object identity;
    private final BindOptions options;
    private final boolean replacedStaleFile;
    private final Object closeLock = new Object();
    private boolean closed;
    private volatile long acceptTimeoutMillis;

    OwnedServerSocket(ListeningSocket raw, UnixSocketAddress address, Object identity,
            BindOptions options, boolean replacedStaleFile) {
        this.raw = raw;
        this.address = address;
        this.identity = identity;
        this.options = options;
        this.replacedStaleFile = replacedStaleFile;
    }

    @Override
    public UnixSocket accept() throws IOException {
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
            if (options.allowedUids() == null) {
                return s;
            }
            boolean allowed = false;
            try {
                allowed = options.allows(s.getPeerCredentials().uid());
            } finally {
                if (!allowed) {
                    s.close();
                }
            }
            if (allowed) {
                return s;
            }
        }
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
        return replacedStaleFile;
    }

    @Override
    public boolean isOpen() {
        return raw.isOpen();
    }

    @Override
    public void close() throws IOException {
        synchronized (closeLock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            raw.close();
        } finally {
            if (identity != null && identity.equals(FileKind.identity(address.getPath()))) {
                Files.deleteIfExists(address.getPath());
            }
        }
    }

    @Override
    public String toString() {
        return "UnixServerSocket[" + address + "]";
    }
}
