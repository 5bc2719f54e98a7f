package io.github.uds4j.cli.bench;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.util.concurrent.CountDownLatch;

/**
 * The measurements: one-way streaming and round trips, on a {@link Link}, in one {@link Style}.
 * The same code runs for every transport, so that only the API under it differs.
 */
final class Workloads {
    /** What the reading end asks for per read in the streaming measurement. */
    static final int READ_SIZE = 64 * 1024;

    private Workloads() {}

    /**
     * Sends {@code total} bytes from the client end to the server end in writes of {@code
     * writeSize}, read there {@value #READ_SIZE} bytes at a time.
     *
     * @return the nanoseconds from the start of the first write until the last byte was read
     * @throws IOException if the transfer fails
     * @throws InterruptedException if interrupted while waiting for the writer
     */
    static long stream(Link link, Style style, int writeSize, long total)
            throws IOException, InterruptedException {
        final CountDownLatch go = new CountDownLatch(1);
        Worker writer = new Worker("uds-bench-writer", link.client) {
            @Override
            void work() throws Exception {
                go.await();
                write(link.client, style, writeSize, total);
            }
        };
        writer.start();
        long start = System.nanoTime();
        go.countDown();
        long elapsed;
        try {
            read(link.server, style, total);
            elapsed = System.nanoTime() - start;
        } catch (IOException | RuntimeException e) {
            writer.finish(e);
            throw e;
        }
        writer.finish(null);
        return elapsed;
    }

    private static void write(Link.End end, Style style, int writeSize, long total)
            throws IOException {
        if (style == Style.STREAM) {
            OutputStream out = end.out();
            byte[] b = new byte[writeSize];
            for (long left = total; left > 0; ) {
                int n = (int) Math.min(left, writeSize);
                out.write(b, 0, n);
                left -= n;
            }
            return;
        }
        ByteChannel channel = end.channel();
        ByteBuffer buffer = style.allocate(writeSize);
        for (long left = total; left > 0; ) {
            int n = (int) Math.min(left, writeSize);
            buffer.clear().limit(n);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            left -= n;
        }
    }

    private static void read(Link.End end, Style style, long total) throws IOException {
        long got = 0;
        if (style == Style.STREAM) {
            InputStream in = end.in();
            byte[] b = new byte[READ_SIZE];
            while (got < total) {
                int n = in.read(b, 0, (int) Math.min(READ_SIZE, total - got));
                if (n < 0) {
                    throw new EOFException("the stream ended after " + got + " of " + total
                            + " bytes");
                }
                got += n;
            }
            return;
        }
        ByteChannel channel = end.channel();
        ByteBuffer buffer = style.allocate(READ_SIZE);
        while (got < total) {
            buffer.clear().limit((int) Math.min(READ_SIZE, total - got));
            int n = channel.read(buffer);
            if (n < 0) {
                throw new EOFException("the stream ended after " + got + " of " + total
                        + " bytes");
            }
            got += n;
        }
    }

    /**
     * Sends {@code size}-byte messages from the client end, which the server end echoes back,
     * one at a time: {@code warmup} trips that are not recorded, then {@code trips} that are.
     *
     * @return the nanoseconds of each recorded trip
     * @throws IOException if a trip fails
     * @throws InterruptedException if interrupted while waiting for the echoing end
     */
    static long[] roundTrips(Link link, Style style, int size, int warmup, int trips)
            throws IOException, InterruptedException {
        Worker echo = new Worker("uds-bench-echo", link.server) {
            @Override
            void work() throws Exception {
                echo(link.server, style, size);
            }
        };
        echo.start();
        long[] times = new long[trips];
        try {
            if (style == Style.STREAM) {
                InputStream in = link.client.in();
                OutputStream out = link.client.out();
                byte[] message = new byte[size];
                tripsWithStreams(in, out, message, new long[Math.max(warmup, 0)]);
                tripsWithStreams(in, out, message, times);
            } else {
                ByteChannel channel = link.client.channel();
                ByteBuffer message = style.allocate(size);
                tripsWithChannel(channel, message, new long[Math.max(warmup, 0)]);
                tripsWithChannel(channel, message, times);
            }
            link.client.close(); // the echoing end reads the end of the stream and stops
        } catch (IOException | RuntimeException e) {
            echo.finish(e);
            throw e;
        }
        echo.finish(null);
        return times;
    }

    private static void tripsWithStreams(InputStream in, OutputStream out, byte[] message,
            long[] times) throws IOException {
        int size = message.length;
        long before = System.nanoTime();
        for (int i = 0; i < times.length; i++) {
            out.write(message, 0, size);
            readFully(in, message, size);
            long now = System.nanoTime();
            times[i] = now - before;
            before = now;
        }
    }

    private static void tripsWithChannel(ByteChannel channel, ByteBuffer message, long[] times)
            throws IOException {
        long before = System.nanoTime();
        for (int i = 0; i < times.length; i++) {
            message.clear();
            while (message.hasRemaining()) {
                channel.write(message);
            }
            if (!readFully(channel, message)) {
                throw new EOFException("the echoing end closed after " + i + " trips");
            }
            long now = System.nanoTime();
            times[i] = now - before;
            before = now;
        }
    }

    private static void echo(Link.End end, Style style, int size) throws IOException {
        if (style == Style.STREAM) {
            InputStream in = end.in();
            OutputStream out = end.out();
            byte[] message = new byte[size];
            while (true) {
                int n = in.read(message, 0, size);
                if (n < 0) {
                    return;
                }
                if (n < size) {
                    readFully(in, message, n, size);
                }
                out.write(message, 0, size);
            }
        }
        ByteChannel channel = end.channel();
        ByteBuffer message = style.allocate(size);
        while (true) {
            if (!readFully(channel, message)) {
                return;
            }
            message.flip();
            while (message.hasRemaining()) {
                channel.write(message);
            }
        }
    }

    private static void readFully(InputStream in, byte[] b, int size) throws IOException {
        readFully(in, b, 0, size);
    }

    private static void readFully(InputStream in, byte[] b, int from, int size)
            throws IOException {
        for (int off = from; off < size; ) {
            int n = in.read(b, off, size - off);
            if (n < 0) {
                throw new EOFException("the stream ended inside a message");
            }
            off += n;
        }
    }

    /** Fills {@code b} (cleared here) from the channel; false at the end of the stream. */
    private static boolean readFully(ByteChannel channel, ByteBuffer b) throws IOException {
        b.clear();
        while (b.hasRemaining()) {
            if (channel.read(b) < 0) {
                if (b.position() == 0) {
                    return false;
                }
                throw new EOFException("the stream ended inside a message");
            }
        }
        return true;
    }

    /**
     * Sends {@code messages} datagrams of {@code size} bytes from the sender to the receiver,
     * which reads them one by one into a buffer of that size. A connected Unix datagram socket
     * waits while the receiver's queue is full, so none is lost.
     *
     * @return the nanoseconds from the start of the first send until the last datagram was read
     * @throws IOException if a send or a read fails, or a datagram arrives with another size
     * @throws InterruptedException if interrupted while waiting for the sender
     */
    static long datagrams(DatagramLink link, Style style, int size, long messages)
            throws IOException, InterruptedException {
        final CountDownLatch go = new CountDownLatch(1);
        Worker sender = new Worker("uds-bench-sender", link) {
            @Override
            void work() throws Exception {
                go.await();
                ByteBuffer message = style.allocate(size);
                for (long i = 0; i < messages; i++) {
                    message.clear();
                    int n = link.sender.write(message);
                    if (n != size) {
                        throw new IOException("sent " + n + " of a " + size + "-byte datagram");
                    }
                }
            }
        };
        sender.start();
        ByteBuffer message = style.allocate(size);
        long start = System.nanoTime();
        go.countDown();
        long elapsed;
        try {
            for (long i = 0; i < messages; i++) {
                message.clear();
                int n = link.receiver.read(message);
                if (n != size) {
                    throw new IOException("datagram " + i + " of " + messages + " had " + n
                            + " bytes, not " + size);
                }
            }
            elapsed = System.nanoTime() - start;
        } catch (IOException | RuntimeException e) {
            sender.finish(e);
            throw e;
        }
        sender.finish(null);
        return elapsed;
    }

    /** The other end's thread: reports its failure to the measuring thread. */
    private abstract static class Worker extends Thread {
        private final Closeable end;
        private volatile Throwable failure;

        Worker(String name, Closeable end) {
            super(name);
            this.end = end;
            setDaemon(true);
        }

        abstract void work() throws Exception;

        @Override
        public final void run() {
            try {
                work();
            } catch (Throwable t) {
                failure = t;
                try {
                    end.close(); // wakes the measuring thread if it waits for this end
                } catch (IOException | RuntimeException e) {
                    t.addSuppressed(e);
                }
            }
        }

        /**
         * Waits for the thread. When the measuring thread failed ({@code measuring} not null),
         * closes this end first, and attaches this thread's own failure to that one; otherwise
         * reports this thread's failure, if any.
         */
        void finish(Exception measuring) throws IOException, InterruptedException {
            if (measuring != null) {
                try {
                    end.close();
                } catch (IOException | RuntimeException e) {
                    measuring.addSuppressed(e);
                }
                join(10000);
                if (failure != null) {
                    measuring.addSuppressed(failure);
                }
                return;
            }
            join();
            Throwable t = failure;
            if (t instanceof IOException) {
                throw (IOException) t;
            }
            if (t instanceof RuntimeException) {
                throw (RuntimeException) t;
            }
            if (t instanceof Error) {
                throw (Error) t;
            }
            if (t != null) {
                throw new IOException(getName() + " failed: " + t, t);
            }
        }
    }
}
