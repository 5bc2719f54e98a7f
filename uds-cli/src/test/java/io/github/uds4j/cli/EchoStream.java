package io.github.uds4j.cli;

import io.github.uds4j.UnixSocket;
import io.github.uds4j.UnixSocketAddress;
import io.github.uds4j.spi.UnixSocketProvider;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * One client of the echo server in the load and fault suite. One thread sends {@code size}
 * random bytes in writes of random size (1 byte to 64 KiB), then shuts down its output; another
 * reads the echo until the end of the stream. Both digest what they move (SHA-256), so every byte
 * is checked. Each thread records its first failure and when it happened.
 */
final class EchoStream {
    /** The largest single write. */
    static final int MAX_WRITE = 64 * 1024;
    /** How long a connect may take before it counts as refused. */
    static final long CONNECT_TIMEOUT_MILLIS = 60_000;

    final UnixSocket socket;
    private final long size;
    private final long seed;
    private final Thread writer;
    private final Thread reader;

    private volatile long sent;
    private volatile long received;
    private volatile byte[] sentDigest;
    private volatile byte[] receivedDigest;
    private volatile Throwable writeFailure;
    private volatile Throwable readFailure;
    private volatile long readFailedAt;

    private EchoStream(UnixSocket socket, long size, long seed, String name) {
        this.socket = socket;
        this.size = size;
        this.seed = seed;
        this.writer = new Thread(new Runnable() {
            @Override
            public void run() {
                write();
            }
        }, name + "-w");
        this.reader = new Thread(new Runnable() {
            @Override
            public void run() {
                read();
            }
        }, name + "-r");
        writer.setDaemon(true);
        reader.setDaemon(true);
    }

    /** Connects (at most {@link #CONNECT_TIMEOUT_MILLIS}); {@link #start()} starts the traffic. */
    static EchoStream connect(UnixSocketProvider provider, UnixSocketAddress address, long size,
            long seed) throws IOException {
        UnixSocket s = provider.connect(address, CONNECT_TIMEOUT_MILLIS);
        return new EchoStream(s, size, seed, "client-" + seed);
    }

    /**
     * Sets the socket's read timeout, before {@link #start()}, and makes it take effect now.
     * (The jdk16 provider applies a read timeout at the next read by switching the channel to
     * non-blocking mode, and that switch waits for a blocking write in progress, which here
     * would wait for the reader: the empty read applies it while nothing else runs.)
     */
    void setReadTimeout(Duration timeout) throws IOException {
        socket.setReadTimeout(timeout);
        socket.read(ByteBuffer.allocate(0));
    }

    void start() {
        reader.start();
        writer.start();
    }

    /** Waits for both threads, at most {@code millis} in all; returns whether both ended. */
    boolean await(long millis) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        writer.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime())));
        reader.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime())));
        return !writer.isAlive() && !reader.isAlive();
    }

    boolean writing() {
        return writer.isAlive();
    }

    long sent() {
        return sent;
    }

    long received() {
        return received;
    }

    /** Returns the first failure of either direction, or null. */
    Throwable failure() {
        return writeFailure != null ? writeFailure : readFailure;
    }

    Throwable readFailure() {
        return readFailure;
    }

    /** When the reading side failed ({@link System#nanoTime()}), or 0. */
    long readFailedAt() {
        return readFailedAt;
    }

    /** Returns whether all bytes went there and back and the digests agree. */
    boolean verified() {
        return failure() == null && sent == size && received == size && sentDigest != null
                && Arrays.equals(sentDigest, receivedDigest);
    }

    /** Says what went wrong, for an assertion message. */
    String problem() {
        Throwable f = failure();
        if (f != null) {
            return f.toString();
        }
        return "sent " + sent + ", received " + received + " of " + size + ", digests "
                + (Arrays.equals(sentDigest, receivedDigest) ? "equal" : "differ");
    }

    void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // done either way
        }
    }

    private void write() {
        try {
            MessageDigest d = sha256();
            SplittableRandom random = new SplittableRandom(seed);
            OutputStream out = socket.getOutputStream();
            byte[] buf = new byte[MAX_WRITE];
            while (sent < size) {
                int n = (int) Math.min(size - sent, 1 + random.nextInt(MAX_WRITE));
                fill(random, buf, n);
                out.write(buf, 0, n);
                d.update(buf, 0, n);
                sent += n;
            }
            sentDigest = d.digest();
            socket.shutdownOutput();
        } catch (IOException | RuntimeException e) {
            writeFailure = e;
        }
    }

    private void read() {
        try {
            MessageDigest d = sha256();
            InputStream in = socket.getInputStream();
            byte[] buf = new byte[MAX_WRITE];
            int n;
            while ((n = in.read(buf)) >= 0) {
                d.update(buf, 0, n);
                received += n;
            }
            receivedDigest = d.digest();
            if (received < size) {
                throw new EOFException("the server closed the connection after sending back "
                        + received + " of " + size + " bytes");
            }
        } catch (IOException | RuntimeException e) {
            readFailedAt = System.nanoTime();
            readFailure = e;
        }
    }

    private static void fill(SplittableRandom random, byte[] buf, int n) {
        for (int i = 0; i < n; i += 8) {
            long v = random.nextLong();
            for (int j = i; j < Math.min(n, i + 8); j++) {
                buf[j] = (byte) v;
                v >>>= 8;
            }
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
