package io.github.uds4j.cli;

import io.github.uds4j.UnixSocket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Copies standard input to a socket and the socket to standard output, byte for byte, like
 * {@code nc -U}. At the end of standard input the socket's writing side is shut down (the peer
 * reads the end of the stream and may still answer); what arrives is copied until the peer closes
 * its end. The relay ends when both directions are done. Only when a person types at standard
 * input (a terminal) does it end as soon as the peer closes, without waiting for more input.
 */
final class Relay {
    private static final int BUFFER = 64 * 1024;

    private Relay() {}

    /**
     * Relays between standard input and output and {@code socket}, then closes the socket.
     *
     * @param where the socket path, for messages
     * @return {@link Main#OK}
     * @throws IOException if a direction failed; the message names {@code where}
     */
    static int run(final UnixSocket socket, String where, final Io io)
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
                InputStream in = socket.getInputStream();
                byte[] buf = new byte[BUFFER];
                int n;
                while ((n = in.read(buf)) >= 0) {
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
}
