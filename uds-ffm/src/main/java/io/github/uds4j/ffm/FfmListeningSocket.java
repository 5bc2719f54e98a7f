package io.github.uds4j.ffm;

import io.github.uds4j.UnixSocket;
import io.github.uds4j.UnixSocketAddress;
import io.github.uds4j.UnixSocketType;
import io.github.uds4j.internal.Timeouts;
import io.github.uds4j.spi.DescriptorAccess;
import io.github.uds4j.spi.ListeningSocket;
import java.io.FileDescriptor;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.spi.AbstractInterruptibleChannel;

/**
 * A listening socket, non-blocking underneath: {@link #accept()} tries {@code accept4} and waits
 * in {@code poll} for the next connection, with or without a time limit (a blocking {@code
 * accept4} could not be given one, and another thread may take the connection that {@code poll}
 * announced). A close from another thread shuts the socket down, which wakes the {@code poll}
 * ({@link SocketFd}). Accepted sockets are blocking.
 */
final class FfmListeningSocket extends AbstractInterruptibleChannel implements ListeningSocket,
        DescriptorAccess {
    private final SocketFd fd;
    private final UnixSocketType type;
    private final UnixSocketAddress address;

    FfmListeningSocket(int fd, UnixSocketType type, UnixSocketAddress address) {
        this.fd = new SocketFd(fd);
        this.type = type;
        this.address = address;
    }

    @Override
    public UnixSocket accept() throws IOException {
        return acceptWithin(0);
    }

    @Override
    public UnixSocket acceptWithin(long timeoutMillis) throws IOException {
        if (!isOpen()) {
            throw new ClosedChannelException();
        }
        int accepted = -1;
        begin();
        try {
            int f = fd.enter();
            try {
                long deadline = Timeouts.deadline(timeoutMillis);
                while (true) {
                    accepted = Native.accept(f);
                    if (accepted != (int) Native.AGAIN) {
                        break;
                    }
                    int wait = -1;
                    if (deadline != Long.MIN_VALUE) {
                        long left = Timeouts.millisLeft(deadline);
                        if (left == 0) {
                            throw Timeouts.acceptTimedOut(address, timeoutMillis);
                        }
                        wait = (int) Math.min(left, Integer.MAX_VALUE);
                    }
                    if (Native.poll(f, LibC.POLLIN, wait) == 0) {
                        throw Timeouts.acceptTimedOut(address, timeoutMillis);
                    }
                    if (fd.isClosed()) {
                        // The close shut the socket down: poll says so at once, and a
                        // non-blocking accept4 keeps saying EAGAIN, not EINVAL.
                        throw new ClosedChannelException();
                    }
                }
            } catch (IOException e) {
                if (accepted >= 0) {
                    Native.closeQuietly(accepted);
                    accepted = -1;
                }
                throw e;
            } finally {
                fd.leave();
            }
        } finally {
            try {
                end(accepted >= 0);
            } catch (IOException e) {
                if (accepted >= 0) {
                    Native.closeQuietly(accepted);
                }
                throw e;
            }
        }
        return new FfmSocket(accepted, type, address, null);
    }

    /** A second number for the socket, made on first use, closed with it ({@link SocketFd#view()}). */
    @Override
    public FileDescriptor fileDescriptor() {
        return fd.view();
    }

    @Override
    protected void implCloseChannel() throws IOException {
        fd.close();
    }

    @Override
    public String toString() {
        return "ListeningSocket[ffm, " + address + (isOpen() ? "" : ", closed") + "]";
    }
}
