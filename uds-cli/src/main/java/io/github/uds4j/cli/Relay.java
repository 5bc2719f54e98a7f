package io.github.uds4j.cli;

import io.github.uds4j.Received;
import io.github.uds4j.UnixSocket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Copies standard input to a socket and the socket to standard output, byte for byte, like
 * {@code nc -U}. At the end of standard input the socket's writing side is shut down (the peer
 * reads the end of the stream and may still answer). The relay ends once the peer has closed its
 * end and everything that arrived has been written to standard output, like {@code nc -N} and
 * socat: from then on standard input is copied only while it has bytes ready and the peer takes
 * them (the rest of a file, what a pipe already holds), and never waited for ({@link
 * RelayInput}). What the peer did not take is dropped without an error: it chose to close.
 * Descriptors that arrive with the bytes are closed and reported on standard error, where the
 * socket's provider can see them.
 */
final class Relay {
    private static final int BUFFER = 64 * 1024;

    private Relay() {}

    /** Relays as {@link #run(UnixSocket, String, Io, boolean)} does, with plain reads. */
    static int run(UnixSocket socket, String where, Io io)
            throws IOException, InterruptedException {
        return run(socket, where, io, false);
    }

    /**
     * Relays between standard input and output and {@code socket} until the peer closes its end,
     * then closes the socket.
     *
     * @param where the socket path, for messages
     * @param seesDescriptors whether the socket's provider has {@code FD_PASSING}: then it
     *     receives with {@link UnixSocket#receive(ByteBuffer)}, which closes and counts the
     *     descriptors that arrive, and they are reported; otherwise it reads, and the kernel
     *     discards them unseen
     * @return {@link Main#OK}
     * @throws IOException if receiving or writing standard output failed, or reading standard
     *     input failed before the peer closed, or sending failed and then receiving; the message
     *     names {@code where}
     */
    static int run(final UnixSocket socket, String where, final Io io, boolean seesDescriptors)
            throws IOException, InterruptedException {
        final AtomicReference<IOException> sendFailure = new AtomicReference<IOException>();
        final AtomicReference<IOException> inputFailure = new AtomicReference<IOException>();
        final RelayInput input = new RelayInput(io.in);
        Thread sender = new Thread(new Runnable() {
            @Override
            public void run() {
                try {
                    OutputStream out = socket.getOutputStream();
                    byte[] buf = new byte[BUFFER];
                    int n;
                    while ((n = readInput(input, buf, inputFailure)) >= 0 && !input.over()) {
                        if (n > 0) {
                            out.write(buf, 0, n);
                            out.flush();
                        }
                    }
                    if (n < 0 && inputFailure.get() == null && !input.over()) {
                        socket.shutdownOutput();
                    }
                } catch (IOException e) {
                    sendFailure.set(e);
                } finally {
                    input.senderDone();
                }
            }
        }, "uds-stdin");
        // Standard input may never end (a terminal, an idle pipe): this thread must not keep the
        // JVM alive, and the relay does not wait for it once the peer has closed.
        sender.setDaemon(true);
        IOException receiveFailure = null;
        try {
            sender.start();
            try {
                InputStream in = seesDescriptors ? null : socket.getInputStream();
                byte[] buf = new byte[BUFFER];
                ByteBuffer wrapped = ByteBuffer.wrap(buf);
                int n;
                while ((n = seesDescriptors ? receive(socket, wrapped, io) : in.read(buf)) >= 0) {
                    io.out.write(buf, 0, n);
                    io.out.flush();
                    if (io.out.checkError()) {
                        throw new IOException("cannot write to standard output");
                    }
                }
            } catch (IOException e) {
                receiveFailure = e;
            }
            if (receiveFailure == null) {
                input.peerClosed(); // sends what standard input has ready while the peer reads
            } else if (receiveFailure instanceof ClosedChannelException) {
                // Only the sender can have closed the socket under the reader: a write that fails
                // can close the socket (junixsocket on a virtual thread, or an interrupt). Its
                // failure is the one to report.
                input.awaitSender();
            }
            input.end();
        } finally {
            socket.close();
        }
        return ended(where, receiveFailure, input.senderFinished() ? sendFailure.get() : null,
                inputFailure.get());
    }

    /**
     * Reads standard input into {@code buf}, as {@link InputStream#read(byte[])}; a failure is
     * recorded in {@code failure} and read as the end.
     */
    static int readInput(InputStream in, byte[] buf, AtomicReference<IOException> failure) {
        try {
            return in.read(buf);
        } catch (IOException e) {
            failure.set(e);
            return -1;
        }
    }

    /**
     * Returns {@link Main#OK} for a relay that ended with {@code receiveFailure} (null: the
     * peer closed its end), or throws the failure to report: a failure to send, seen before a
     * receive failed, is the cause of that; once the peer has closed, a failure to send is the
     * peer not taking more and not reported; a failure to read standard input always is.
     */
    static int ended(String where, IOException receiveFailure, IOException sendFailure,
            IOException inputFailure) throws IOException {
        if (receiveFailure != null && sendFailure != null) {
            throw new IOException(where + ": could not send all of standard input: "
                    + Errors.describe(sendFailure), sendFailure);
        }
        if (receiveFailure != null) {
            throw Errors.naming(where, receiveFailure);
        }
        if (inputFailure != null) {
            throw new IOException(where + ": cannot read standard input: "
                    + Errors.describe(inputFailure), inputFailure);
        }
        return Main.OK;
    }

    /** Receives into {@code buf} (from its start), reporting descriptors; -1 at the end. */
    private static int receive(UnixSocket socket, ByteBuffer buf, Io io) throws IOException {
        buf.clear();
        Received r = socket.receive(buf, 0);
        Sockets.reportDescriptors(r, io);
        return r.length();
    }
}
