package io.github.uds4j.cli;

import io.github.uds4j.MessageTruncatedException;
import io.github.uds4j.Received;
import io.github.uds4j.UnixDatagramSocket;
import io.github.uds4j.UnixSocket;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
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
     * is shut down; messages are printed until the peer closes its end, or until {@code count}
     * messages were printed. Then the relay ends, as {@link Relay} does: standard input still
     * open is no longer read.
     *
     * @param seesDescriptors whether the socket's provider reports descriptors that arrive
     * @param count how many messages to print before ending; 0 for no limit
     * @return {@link Main#OK}
     * @throws IOException if a direction failed, as {@link Relay#ended} tells; the message
     *     names {@code where}
     */
    static int run(UnixSocket socket, String where, Io io, boolean seesDescriptors, long count)
            throws IOException, InterruptedException {
        return run(socket, where, io, seesDescriptors, count, BUFFER);
    }

    /** As {@link #run(UnixSocket, String, Io, boolean, long)}, with a buffer of {@code size}. */
    static int run(final UnixSocket socket, String where, final Io io, boolean seesDescriptors,
            long count, int size) throws IOException, InterruptedException {
        final AtomicReference<IOException> sendFailure = new AtomicReference<IOException>();
        final AtomicReference<IOException> inputFailure = new AtomicReference<IOException>();
        final RelayInput input = new RelayInput(io.in);
        Thread sender = new Thread(new Runnable() {
            @Override
            public void run() {
                try {
                    LineInput lines = new LineInput(input);
                    byte[] line;
                    while ((line = next(lines, inputFailure)) != null && !input.over()) {
                        socket.write(ByteBuffer.wrap(line));
                    }
                    if (line == null && inputFailure.get() == null && !input.over()) {
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
        boolean counted = false;
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
            if (receiveFailure == null && !counted) {
                input.peerClosed(); // sends what standard input has ready while the peer reads
            } else if (receiveFailure instanceof ClosedChannelException) {
                input.awaitSender(); // the sender's failed write closed the socket: its failure
            }
            input.end();
        } finally {
            socket.close();
        }
        return Relay.ended(where, receiveFailure, input.senderFinished() ? sendFailure.get()
                : null, inputFailure.get());
    }

    /** Returns the next line of {@code lines}; a failure is recorded and read as the end. */
    private static byte[] next(LineInput lines, AtomicReference<IOException> failure) {
        try {
            return lines.next();
        } catch (IOException e) {
            failure.set(e);
            return null;
        }
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
