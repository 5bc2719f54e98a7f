package io.github.uds4j.cli;

import io.github.uds4j.Received;
import io.github.uds4j.UnixSocket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Copies standard input to a socket and the socket to standard output, byte for byte, like
 * {@code nc -U}. At the end of standard input the socket's writing side is shut down (the peer
 * reads the end of the stream and may still answer); what arrives is copied until the peer closes
 * its end. The relay ends when both directions are done. Only when a person types at standard
 * input (a terminal) does it end as soon as the peer closes, without waiting for more input.
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
     * Relays between standard input and output and {@code socket}, then closes the socket.
     *
     * @param where the socket path, for messages
     * @param seesDescriptors whether the socket's provider has {@code FD_PASSING}: then it
     *     receives with {@link UnixSocket#receive(ByteBuffer)}, which closes and counts the
     *     descriptors that arrive, and they are reported; otherwise it reads, and the kernel
     *     discards them unseen
     * @return {@link Main#OK}
     * @throws IOException if a direction failed; the message names {@code where}
     */
    static int run(final UnixSocket socket, String where, final Io io, boolean seesDescriptors)
            throws IOException, InterruptedException {
        final AtomicReference<IOException> sendFailure = new AtomicReference<IOException>();
        final CountDownLatch sent = new CountDownLatch(1);
        Thread sender = new Thread(new Runnable() {
            @Override
            public void run() {
                try {
                    OutputStream out = socket.getOutputStream();
                    byte[] buf = new byte[BUFFER];
                    int n;
                    while ((n = io.in.read(buf)) >= 0) {
                        if (n > 0) {
                            out.write(buf, 0, n);
                            out.flush();
                        }
                    }
                    socket.shutdownOutput();
                } catch (IOException e) {
                    sendFailure.set(e);
                } finally {
                    sent.countDown();
                }
            }
        }, "uds-stdin");
        // Standard input may never end (a terminal): this thread must not keep the JVM alive.
        sender.setDaemon(true);
        IOException receiveFailure = null;
        boolean senderDone;
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
            // Only the sender can have closed the socket under the reader: a write that fails can
            // close the socket (junixsocket on a virtual thread, or an interrupt). Its failure is
            // the one to report.
            if ((receiveFailure == null && !io.terminal)
                    || receiveFailure instanceof ClosedChannelException) {
                sent.await();
            }
            senderDone = sent.getCount() == 0;
        } finally {
            socket.close();
        }
        IOException f = senderDone ? sendFailure.get() : null;
        if (f != null) {
            throw new IOException(where + ": could not send all of standard input: "
                    + Errors.describe(f), f);
        }
        if (receiveFailure != null) {
            throw Errors.naming(where, receiveFailure);
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
