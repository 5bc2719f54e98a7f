package io.github.uds4j.ffm;

import java.io.FileDescriptor;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;

/**
 * A socket's descriptor number, closed the way the JDK's channels close theirs: a call takes
 * the number with {@link #enter()} and gives it back with {@link #leave()}; {@link #close()}
 * refuses new calls at once, shuts the socket down when calls are in flight (which wakes a
 * blocked read, write, accept or poll), and the number is released ({@code close(2)}) only when
 * the last call has left. So no call ever uses a number that was closed and given to another
 * file meanwhile.
 *
 * <p>When no call is in flight, {@link #close()} closes the number at once without shutting
 * the socket down, so that a copy sent to another process keeps working.
 *
 * <p>The socket's {@link FileDescriptor} ({@link #view()}) is a second number for it, made on
 * first use and closed with it: it would keep the socket open otherwise.
 */
final class SocketFd {
    private final int fd;
    private int inFlight; // guarded by this
    private boolean closing; // guarded by this
    private boolean released; // guarded by this
    private final Object viewLock = new Object();
    private FileDescriptor view; // guarded by viewLock

    SocketFd(int fd) {
        this.fd = fd;
    }

    /**
     * Starts a call.
     *
     * @return the descriptor number, valid until {@link #leave()}
     * @throws ClosedChannelException if the socket is closed
     */
    int enter() throws ClosedChannelException {
        synchronized (this) {
            if (closing) {
                throw new ClosedChannelException();
            }
            inFlight++;
            return fd;
        }
    }

    /** Ends a call started by {@link #enter()}; releases the number if it was the last one of a
     * closed socket. */
    void leave() {
        boolean release;
        synchronized (this) {
            inFlight--;
            release = closing && inFlight == 0 && !released;
            if (release) {
                released = true;
            }
        }
        if (release) {
            Native.closeQuietly(fd);
        }
    }

    /** Returns whether {@link #close()} was called. */
    synchronized boolean isClosed() {
        return closing;
    }

    /**
     * The number, for a caller that knows the socket is open and stays so (a test, or a
     * message that lends the descriptor while an {@link #enter()} holds it).
     */
    int number() {
        return fd;
    }

    /**
     * The socket's FileDescriptor for {@link io.github.uds4j.spi.DescriptorAccess} ({@link
     * Fds#view}), made on first use; not valid once the socket is closed.
     */
    FileDescriptor view() {
        synchronized (viewLock) {
            if (view == null) {
                view = Fds.view(this);
            }
            return view;
        }
    }

    /**
     * Closes: refuses new calls, wakes the ones in flight, releases the number when they have
     * left, and closes the {@link #view()}. Idempotent.
     *
     * @throws IOException if {@code close(2)} fails (the number is released all the same)
     */
    void close() throws IOException {
        try {
            closeNumber();
        } finally {
            FileDescriptor v;
            synchronized (viewLock) {
                v = view;
            }
            Fds.closeView(v);
        }
    }

    private void closeNumber() throws IOException {
        boolean now;
        synchronized (this) {
            if (closing) {
                return;
            }
            closing = true;
            now = inFlight == 0;
            if (now) {
                released = true;
            }
        }
        if (now) {
            Native.close(fd);
        } else {
            Native.shutdownQuietly(fd, LibC.SHUT_RDWR);
        }
    }

    @Override
    public String toString() {
        return "fd " + fd;
    }
}
