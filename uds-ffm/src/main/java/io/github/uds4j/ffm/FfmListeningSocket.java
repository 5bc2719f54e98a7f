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
 * A listening socket. {@link #accept()} blocks in {@code accept4}; a close from another thread
 * shuts the socket down, which wakes it ({@link SocketFd}). A time limit waits in {@code poll}
 * and then accepts without waiting.
 */
final class FfmListeningSocket extends AbstractInterruptibleChannel implements ListeningSocket,
        DescriptorAccess {
    private final SocketFd fd;
    private final UnixSocketType type;
    private final UnixSocketAddress address;
    private volatile FileDescriptor fileDescriptor;

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
                if (timeoutMillis == 0) {
                    accepted = Native.accept(f, false);
                } else {
                    long deadline = Timeouts.deadline(timeoutMillis);
                    while (true) {
                        accepted = Native.accept(f, true);
                        if (accepted != (int) Native.AGAIN) {
                            break;
                        }
                        long left = Timeouts.millisLeft(deadline);
                        if (left == 0 || Native.poll(f, LibC.POLLIN,
                                (int) Math.min(left, Integer.MAX_VALUE)) == 0) {
                            throw Timeouts.acceptTimedOut(address, timeoutMillis);
                        }
                    }
                    // accept4 with SOCK_NONBLOCK made it non-blocking: blocking from here on
                    int fl = Native.fcntl(accepted, LibC.F_GETFL, 0);
                    Native.fcntl(accepted, LibC.F_SETFL, fl & ~LibC.O_NONBLOCK);
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

    @Override
    public FileDescriptor fileDescriptor() {
        FileDescriptor d = fileDescriptor;
        if (d == null) {
            synchronized (this) {
                d = fileDescriptor;
                if (d == null) {
                    fileDescriptor = d = Fds.view(fd);
                }
            }
        }
        return d;
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
