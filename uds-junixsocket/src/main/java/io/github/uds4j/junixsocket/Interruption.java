package io.github.uds4j.junixsocket;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.spi.AbstractInterruptibleChannel;

/**
 * Makes a blocking call that junixsocket does not make interruptible (its socket stream's read)
 * behave as a blocking JDK channel's: the JDK's own {@link AbstractInterruptibleChannel#begin()}
 * and {@link AbstractInterruptibleChannel#end(boolean)} around it. {@code begin} registers a hook
 * that {@link Thread#interrupt()} runs in the interrupting thread; the hook closes the socket,
 * which shuts it down and so wakes the blocked call, and {@code end} then throws a {@link
 * java.nio.channels.ClosedByInterruptException}. A thread already interrupted closes the socket
 * in {@code begin}. This is an object of its own because those methods are protected; it holds
 * nothing but the hook.
 *
 * <p>The cost is the JDK's for every blocking channel call: two uncontended monitors on the
 * calling thread's own lock object, no system call.
 */
final class Interruption extends AbstractInterruptibleChannel {
    private final Closeable socket;

    Interruption(Closeable socket) {
        this.socket = socket;
    }

    /** Call before a call that may block; then {@link #exit} in a {@code finally} block. */
    void enter() {
        begin();
    }

    /**
     * Call after the call, in a {@code finally} block.
     *
     * @param completed whether the call moved a byte or reached the end of the stream
     * @throws java.nio.channels.ClosedByInterruptException if this thread was interrupted
     *     meanwhile: the socket is closed
     * @throws AsynchronousCloseException if another thread's interrupt closed the socket and
     *     this call did not complete
     */
    void exit(boolean completed) throws AsynchronousCloseException {
        end(completed);
    }

    /** Run by the interrupt hook, once: closes the socket. */
    @Override
    protected void implCloseChannel() throws IOException {
        socket.close();
    }
}
