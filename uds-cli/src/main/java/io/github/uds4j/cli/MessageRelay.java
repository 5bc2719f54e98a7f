package io.github.uds4j.cli;

import io.github.uds4j.MessageTruncatedException;
import io.github.uds4j.Received;
import io.github.uds4j.UnixDatagramSocket;
import io.github.uds4j.UnixSocket;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The message modes of {@code connect} and {@code listen} ({@code --type dgram} and {@code
 * seqpacket}): each line of standard input, without its newline, is sent as one message, and
 * each message that arrives is written to standard output followed by a newline. A message cut
 * because it was longer than {@value #BUFFER} bytes, and descriptors that came with one, are
 * reported on standard error.
 */
final class MessageRelay {
    /** The largest message printed whole: more than the largest datagram of default buffers. */
    static final int BUFFER = 256 * 1024;

    private MessageRelay() {}

    /**
     * Relays lines and messages between standard input and output and a connected {@code
     * SEQPACKET} socket, then closes it. At the end of standard input the socket's writing side
     * is shut down; messages are printed until the peer closes its end (or, at a terminal, the
     * relay ends then), or until {@code count} messages were printed.
     *
     * @param seesDescriptors whether the socket's provider reports descriptors that arrive
     * @param count how many messages to print before ending; 0 for no limit
     * @return {@link Main#OK}
     * @throws IOException if a direction failed; the message names {@code where}
     */
    static int run(UnixSocket socket, String where, Io io, boolean seesDescriptors, long count)
            throws IOException, InterruptedException {
        return run(socket, where, io, seesDescriptors, count, BUFFER);
    }

    /** As {@link #run(UnixSocket, String, Io, boolean, long)}, with a buffer of {@code size}. */
    static int run(final UnixSocket socket, String where, final Io io, boolean seesDescriptors,
            long count, int size) throws IOException, InterruptedException {
        final AtomicReference<IOException> sendFailure = new AtomicReference<IOException>();
        final CountDownLatch sent = new CountDownLatch(1);
        Thread sender = new Thread(new Runnable() {
            @Override
            public void run() {
                try {
                    LineInput lines = new LineInput(io.in);
                    byte[] line;
                    while ((line = lines.next()) != null) {
                        socket.write(ByteBuffer.wrap(line));
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
        boolean counted = false;
        boolean senderDone;
        try {
            sender.start();
            try {
                ByteBuffer buf = ByteBuffer.allocate(size);
                long printed = 0;
                while (count == 0 || printed < count) {
                    buf.clear();
                    boolean truncated = false;
                    if (seesDescriptors) {
                        Received r = socket.receive(buf, 0);
                        Sockets.reportDescriptors(r, io);
                        if (r.isEndOfStream()) {
                            break;
                        }
                        truncated = r.isTruncated();
                    } else {
                        try {
                            if (socket.read(buf) < 0) {
                                break;
                            }
                        } catch (MessageTruncatedException e) {
                            truncated = true;
                        }
                    }
                    print(buf, truncated, io);
                    printed++;
                }
                counted = count != 0 && printed == count;
            } catch (IOException e) {
                receiveFailure = e;
            }
            if ((receiveFailure == null && !io.terminal && !counted)
                    || receiveFailure instanceof ClosedChannelException) {
                sent.await();
            }
            senderDone = sent.getCount() == 0;
        } finally {
            socket.close();
        }
        IOException f = senderDone && !counted ? sendFailure.get() : null;
        if (f != null) {
            throw new IOException(where + ": could not send all of standard input: "
                    + Errors.describe(f), f);
        }
        if (receiveFailure != null) {
            throw Errors.naming(where, receiveFailure);
        }
        return Main.OK;
    }

    /**
     * Prints the datagrams that arrive at {@code socket}, each followed by a newline, until
     * {@code count} were printed (0: until the socket is closed, by a stop).
     *
     * @return {@link Main#OK}
     * @throws IOException if a receive failed
     */
    static int receive(UnixDatagramSocket socket, Io io, long count) throws IOException {
        return receive(socket, io, count, BUFFER);
    }

    /** As {@link #receive(UnixDatagramSocket, Io, long)}, with a buffer of {@code size}. */
    static int receive(UnixDatagramSocket socket, Io io, long count, int size)
            throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(size);
        for (long printed = 0; count == 0 || printed < count; printed++) {
            buf.clear();
            Received r = socket.receive(buf, 0);
            Sockets.reportDescriptors(r, io);
            print(buf, r.isTruncated(), io);
        }
        return Main.OK;
    }

    /**
     * Sends each line of standard input as one datagram through the connected {@code socket},
     * until the end of standard input.
     *
     * @return {@link Main#OK}
     * @throws IOException if a send failed
     */
    static int send(UnixDatagramSocket socket, Io io) throws IOException {
        LineInput lines = new LineInput(io.in);
        byte[] line;
        while ((line = lines.next()) != null) {
            socket.write(ByteBuffer.wrap(line));
        }
        return Main.OK;
    }

    /** Writes the message in {@code buf} (flipped here) and a newline to standard output. */
    private static void print(ByteBuffer buf, boolean truncated, Io io) throws IOException {
        buf.flip();
        synchronized (io.out) {
            io.out.write(buf.array(), buf.arrayOffset() + buf.position(), buf.remaining());
            io.out.write('\n');
            io.out.flush();
        }
        if (io.out.checkError()) {
            throw new IOException("cannot write to standard output");
        }
        if (truncated) {
            io.notice("a message longer than " + buf.capacity() + " bytes was cut to its first "
                    + buf.remaining() + " bytes");
        }
    }
}
