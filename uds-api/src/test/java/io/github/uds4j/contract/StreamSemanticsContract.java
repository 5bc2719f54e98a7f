package io.github.uds4j.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.github.uds4j.BindOptions;
import io.github.uds4j.UnixServerSocket;
import io.github.uds4j.UnixSocket;
import io.github.uds4j.UnixSocketAddress;
import io.github.uds4j.UnixSockets;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What reads and writes do at the edges, the same on every provider and as the JDK's socket
 * channels do it (issue 12): one write call's bytes stay together when threads share a socket
 * (S1); a broken pipe leaves what the peer sent readable (S2) and is a plain {@link IOException}
 * "Broken pipe" (S8); a read into a read-only buffer throws {@link IllegalArgumentException} and
 * takes nothing (S3); an interrupt, of a thread blocked in a read, write or connect or of one
 * already interrupted, closes the socket and throws {@link ClosedByInterruptException}, other
 * threads blocked on the socket get {@link AsynchronousCloseException}, and {@code
 * Future.cancel(true)} stops a virtual thread (S4); a write after {@code shutdownOutput()} throws
 * {@link ClosedChannelException} and leaves the socket open (S7); a closed socket's streams
 * throw {@link ClosedChannelException}, also for a zero-length write and {@code available()}
 * (S9).
 *
 * <p>Each holds for every way of moving bytes ({@link Way}), including the {@link
 * UnixSocket#asSocket()} view, with and without a read timeout (which switches a provider
 * without one of its own to non-blocking mode). No test sleeps in place of knowing that another
 * thread is blocked: it watches that thread's state and stack.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
public abstract class StreamSemanticsContract extends ContractTestBase {
    /** A read timeout long enough never to pass; setting one changes the provider's mode. */
    private static final Duration LONG = Duration.ofMinutes(30);
    private static final int WRITERS = 4;

    /** The ways of moving bytes through a socket: one call writes a whole array. */
    public enum Way {
        STREAMS, HEAP_BUFFERS, DIRECT_BUFFERS, SCATTER_GATHER, SOCKET_VIEW;

        /** Returns a writer for {@code s}; one per thread. */
        Out out(final UnixSocket s) throws IOException {
            switch (this) {
                case STREAMS:
                    final OutputStream stream = s.getOutputStream();
                    return b -> stream.write(b);
                case SOCKET_VIEW:
                    final OutputStream view = s.asSocket().getOutputStream();
                    return b -> view.write(b);
                case HEAP_BUFFERS:
                    return b -> {
                        ByteBuffer buffer = ByteBuffer.wrap(b);
                        expectWritten(s.write(buffer), b.length, buffer);
                    };
                case DIRECT_BUFFERS:
                    return new Out() {
                        private ByteBuffer direct = ByteBuffer.allocateDirect(0);

                        @Override
                        public void write(byte[] b) throws IOException {
                            if (direct.capacity() < b.length) {
                                direct = ByteBuffer.allocateDirect(b.length);
                            }
                            direct.clear();
                            direct.put(b).flip();
                            expectWritten(s.write(direct), b.length, direct);
                        }
                    };
                case SCATTER_GATHER:
                    return b -> {
                        int half = b.length / 2;
                        ByteBuffer heap = ByteBuffer.wrap(b, 0, half);
                        ByteBuffer direct = ByteBuffer.allocateDirect(b.length - half);
                        direct.put(b, half, b.length - half).flip();
                        long n = s.write(new ByteBuffer[] {heap, direct});
                        if (n != b.length || heap.hasRemaining() || direct.hasRemaining()) {
                            throw new AssertionError("gathering write wrote " + n + " of "
                                    + b.length);
                        }
                    };
                default:
                    throw new AssertionError(this);
            }
        }

        /** Reads once into {@code into}: the count, or -1 at the end of the stream. */
        int read(UnixSocket s, byte[] into) throws IOException {
            switch (this) {
                case STREAMS:
                    return IoStyle.STREAMS.read(s, into);
                case HEAP_BUFFERS:
                    return IoStyle.HEAP_BUFFERS.read(s, into);
                case DIRECT_BUFFERS:
                    return IoStyle.DIRECT_BUFFERS.read(s, into);
                case SCATTER_GATHER:
                    return IoStyle.SCATTER_GATHER.read(s, into);
                case SOCKET_VIEW:
                    return s.asSocket().getInputStream().read(into);
                default:
                    throw new AssertionError(this);
            }
        }

        private static void expectWritten(int n, int length, ByteBuffer b) {
            if (n != length || b.hasRemaining()) {
                throw new AssertionError("write wrote " + n + " of " + length);
            }
        }
    }

    /** One write call. */
    interface Out {
        void write(byte[] b) throws IOException;
    }

    private Link link(String name, boolean readTimeout) throws Exception {
        Link c = Link.open(address(name), threads);
        if (readTimeout) {
            c.client.setReadTimeout(LONG);
        }
        return c;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Reads through {@code way} to the end of the stream. */
    private static String readToEnd(Way way, UnixSocket s) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buf = new byte[64];
        int n;
        while ((n = way.read(s, buf)) >= 0) {
            got.write(buf, 0, n);
        }
        return new String(got.toByteArray(), StandardCharsets.US_ASCII);
    }

    private static String readExactly(Way way, UnixSocket s, int n) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        while (got.size() < n) {
            byte[] buf = new byte[n - got.size()];
            int r = way.read(s, buf);
            if (r < 0) {
                throw new java.io.EOFException("end of stream after " + got.size() + " of " + n);
            }
            got.write(buf, 0, r);
        }
        return new String(got.toByteArray(), StandardCharsets.US_ASCII);
    }

    static Stream<Arguments> waysWithAndWithoutTimeout() {
        List<Arguments> cases = new ArrayList<Arguments>();
        for (boolean timeout : new boolean[] {false, true}) {
            for (Way way : Way.values()) {
                cases.add(arguments(way, timeout));
            }
        }
        return cases.stream();
    }

    // ---------------------------------------------------------------- S1: whole writes

    static Stream<Arguments> concurrentWriteCases() {
        List<Arguments> cases = new ArrayList<Arguments>();
        for (Way way : Way.values()) {
            cases.add(arguments(way, 2000, 2000, false));
            cases.add(arguments(way, 100 * 1024, 64, false));
            cases.add(arguments(way, 300 * 1024, 24, false));
            cases.add(arguments(way, 2000, 2000, true));
            cases.add(arguments(way, 300 * 1024, 24, true));
        }
        return cases.stream();
    }

    /**
     * Four threads write records of one letter each to one socket; the peer must see every
     * record in one piece, as with the JDK's channels, whose writes hold a lock for the whole
     * call. A record is torn when another thread's bytes arrive inside it.
     */
    @ParameterizedTest(name = "{0}, {2} records of {1} bytes per thread, read timeout {3}")
    @MethodSource("concurrentWriteCases")
    void concurrentWritesAreNotInterleaved(Way way, int size, int perThread, boolean timeout)
            throws Exception {
        try (Link c = link("whole.sock", timeout)) {
            final CyclicBarrier start = new CyclicBarrier(WRITERS);
            List<Future<Void>> writers = new ArrayList<Future<Void>>();
            for (int t = 0; t < WRITERS; t++) {
                final byte[] record = new byte[size];
                Arrays.fill(record, (byte) ('A' + t));
                writers.add(threads.submit(() -> {
                    Out out = way.out(c.client);
                    start.await(30, TimeUnit.SECONDS);
                    for (int i = 0; i < perThread; i++) {
                        out.write(record);
                    }
                    return null;
                }));
            }
            Future<Void> closer = threads.submit(() -> {
                try {
                    for (Future<Void> f : writers) {
                        f.get();
                    }
                } finally {
                    c.client.shutdownOutput();
                }
                return null;
            });
            Tally tally = new Tally(size);
            tally.readAll(c.peer);
            closer.get(60, TimeUnit.SECONDS);
            long expected = (long) size * perThread;
            assertThat(tally.bytes).as("bytes per writer").containsOnly(expected);
            assertThat(tally.torn).as("records torn, of " + WRITERS * perThread + " (" + way
                    + ", " + size + " bytes, read timeout " + timeout + ")").isZero();
        }
    }

    /** Counts the records that arrive with another writer's bytes inside them. */
    private static final class Tally {
        final int size;
        final long[] bytes = new long[WRITERS];
        final long[] lastTorn = new long[WRITERS];
        int torn;

        Tally(int size) {
            this.size = size;
            Arrays.fill(lastTorn, -1);
        }

        void readAll(UnixSocket s) throws IOException {
            ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
            int current = -1;
            while (s.read(buf) >= 0) {
                buf.flip();
                while (buf.hasRemaining()) {
                    int t = buf.get() - 'A';
                    if (t < 0 || t >= WRITERS) {
                        throw new AssertionError("byte " + (t + 'A') + " was never written");
                    }
                    if (t != current) {
                        if (current >= 0 && bytes[current] % size != 0) {
                            long record = bytes[current] / size;
                            if (lastTorn[current] != record) {
                                lastTorn[current] = record;
                                torn++;
                            }
                        }
                        current = t;
                    }
                    bytes[t]++;
                }
                buf.clear();
            }
        }
    }

    // ------------------------------------------- S2, S8: broken pipe keeps what was sent

    /**
     * The peer answered and closed: the next write fails with the JDK channel's broken pipe, a
     * plain {@link IOException}, and the socket stays open, so the answer can still be read.
     */
    @ParameterizedTest(name = "{0}, read timeout {1}")
    @MethodSource("waysWithAndWithoutTimeout")
    void brokenPipeLeavesTheReplyReadable(Way way, boolean timeout) throws Exception {
        try (Link c = link("epipe.sock", timeout)) {
            Out out = way.out(c.client);
            c.peer.getOutputStream().write(ascii("reply"));
            c.peer.close();
            for (int i = 0; i < 2; i++) {
                Throwable t = catchThrowable(() -> out.write(ascii("request")));
                assertThat(t).as("write %d to a closed peer", i + 1)
                        .isExactlyInstanceOf(IOException.class).hasMessage("Broken pipe");
                assertThat(c.client.isOpen()).as("open after a broken pipe").isTrue();
            }
            assertThat(readToEnd(way, c.client)).isEqualTo("reply");
            assertThat(c.client.isOpen()).isTrue();
        }
    }

    /**
     * A peer that shut down only its input: the write fails with the same broken pipe, and the
     * other direction keeps working in full (junixsocket would shut this socket down).
     */
    @ParameterizedTest(name = "{0}, read timeout {1}")
    @MethodSource("waysWithAndWithoutTimeout")
    void brokenPipeFromAHalfClosedPeerLeavesTheOtherDirection(Way way, boolean timeout)
            throws Exception {
        try (Link c = link("epipe-half.sock", timeout)) {
            Out out = way.out(c.client);
            c.peer.shutdownInput();
            Throwable t = catchThrowable(() -> out.write(ascii("request")));
            assertThat(t).isExactlyInstanceOf(IOException.class).hasMessage("Broken pipe");
            c.peer.getOutputStream().write(ascii("still"));
            assertThat(readExactly(way, c.client, 5)).isEqualTo("still");
            c.peer.getOutputStream().write(ascii("more"));
            c.peer.shutdownOutput();
            assertThat(readToEnd(way, c.client)).isEqualTo("more");
            assertThat(c.client.isOpen()).isTrue();
        }
    }

    /** A writer blocked while the peer closes without reading gets the same broken pipe. */
    @ParameterizedTest(name = "{0}, read timeout {1}")
    @MethodSource("waysWithAndWithoutTimeout")
    void brokenPipeWhileBlockedIsTheSameException(Way way, boolean timeout) throws Exception {
        try (Link c = link("epipe2.sock", timeout)) {
            AtomicReference<Thread> writer = new AtomicReference<Thread>();
            Future<Throwable> writing = threads.submit(() -> {
                writer.set(Thread.currentThread());
                Out out = way.out(c.client);
                return catchThrowable(() -> out.write(new byte[16 << 20]));
            });
            awaitBlocked(writer, writing);
            c.peer.close();
            Throwable t = writing.get(30, TimeUnit.SECONDS);
            assertThat(t).isExactlyInstanceOf(IOException.class).hasMessage("Broken pipe");
            assertThat(c.client.isOpen()).isTrue();
        }
    }

    // ------------------------------------------------------- S3: read-only buffers

    /** As the JDK's channels: the argument is refused before anything is read. */
    @ParameterizedTest(name = "read timeout {0}")
    @ValueSource(booleans = {false, true})
    void readIntoReadOnlyBufferTakesNothing(boolean timeout) throws Exception {
        try (Link c = link("ro.sock", timeout)) {
            c.peer.getOutputStream().write(ascii("data"));
            ByteBuffer heap = ByteBuffer.allocate(8).asReadOnlyBuffer();
            ByteBuffer direct = ByteBuffer.allocateDirect(8).asReadOnlyBuffer();
            ByteBuffer empty = ByteBuffer.allocate(0).asReadOnlyBuffer();
            for (ByteBuffer b : new ByteBuffer[] {heap, direct, empty}) {
                assertReadOnlyRefused(catchThrowable(() -> c.client.read(b)));
            }
            assertReadOnlyRefused(catchThrowable(() -> c.client.read(
                    new ByteBuffer[] {ByteBuffer.allocate(8), heap})));
            assertReadOnlyRefused(catchThrowable(() -> c.client.read(
                    new ByteBuffer[] {ByteBuffer.allocateDirect(8), direct}, 0, 2)));
            assertThat(heap.position()).isZero();
            assertThat(direct.position()).isZero();
            assertThat(c.client.isOpen()).isTrue();
            assertThat(readExactly(Way.HEAP_BUFFERS, c.client, 4)).isEqualTo("data");
        }
    }

    private static void assertReadOnlyRefused(Throwable t) {
        assertThat(t).isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("Read-only buffer");
    }

    // -------------------------------------------------------------- S4: interrupts

    /** A read blocked for data: the interrupt closes the socket and the read says so. */
    @ParameterizedTest(name = "{0}, read timeout {1}")
    @MethodSource("waysWithAndWithoutTimeout")
    void interruptEndsABlockedRead(Way way, boolean timeout) throws Exception {
        try (Link c = link("intr-read.sock", timeout)) {
            AtomicReference<Thread> reader = new AtomicReference<Thread>();
            Future<Outcome> reading = threads.submit(() -> {
                reader.set(Thread.currentThread());
                return Outcome.of(() -> way.read(c.client, new byte[8]));
            });
            awaitBlocked(reader, reading);
            reader.get().interrupt();
            assertClosedByInterrupt(reading.get(30, TimeUnit.SECONDS), c);
        }
    }

    /** A write blocked for room (the peer reads nothing): the same. */
    @ParameterizedTest(name = "{0}, read timeout {1}")
    @MethodSource("waysWithAndWithoutTimeout")
    void interruptEndsABlockedWrite(Way way, boolean timeout) throws Exception {
        try (Link c = link("intr-write.sock", timeout)) {
            AtomicReference<Thread> writer = new AtomicReference<Thread>();
            Future<Outcome> writing = threads.submit(() -> {
                writer.set(Thread.currentThread());
                Out out = way.out(c.client);
                return Outcome.of(() -> {
                    out.write(new byte[16 << 20]);
                    return 0;
                });
            });
            awaitBlocked(writer, writing);
            writer.get().interrupt();
            assertClosedByInterrupt(writing.get(30, TimeUnit.SECONDS), c);
        }
    }

    /**
     * A thread already interrupted does not read or write at all, even when it would not have
     * to wait: the socket is closed and the interrupt reported, as by the JDK's channels.
     */
    @ParameterizedTest(name = "{0}, read timeout {1}")
    @MethodSource("waysWithAndWithoutTimeout")
    void interruptedThreadCannotReadOrWrite(Way way, boolean timeout) throws Exception {
        try (Link c = link("intr-entry-r.sock", timeout)) {
            c.peer.getOutputStream().write(ascii("waiting"));
            Future<Outcome> reading = threads.submit(() -> {
                Thread.currentThread().interrupt();
                return Outcome.of(() -> way.read(c.client, new byte[8]));
            });
            assertClosedByInterrupt(reading.get(30, TimeUnit.SECONDS), c);
        }
        try (Link c = link("intr-entry-w.sock", timeout)) {
            Out out = way.out(c.client);
            Future<Outcome> writing = threads.submit(() -> {
                Thread.currentThread().interrupt();
                return Outcome.of(() -> {
                    out.write(ascii("x"));
                    return 0;
                });
            });
            assertClosedByInterrupt(writing.get(30, TimeUnit.SECONDS), c);
            assertThat(c.peer.getInputStream().read()).as("nothing was written").isEqualTo(-1);
        }
    }

    /**
     * A close from another thread ends a blocked read and a blocked write with {@link
     * AsynchronousCloseException}; so does an interrupt of the other of the two, which closes
     * the socket.
     */
    @ParameterizedTest(name = "{0}, read timeout {1}")
    @MethodSource("waysWithAndWithoutTimeout")
    void closeOrAnotherThreadsInterruptEndsBlockedCalls(Way way, boolean timeout)
            throws Exception {
        for (String closer : new String[] {"close", "interrupt reader", "interrupt writer"}) {
            try (Link c = link("async.sock", timeout)) {
                AtomicReference<Thread> reader = new AtomicReference<Thread>();
                AtomicReference<Thread> writer = new AtomicReference<Thread>();
                Future<Outcome> reading = threads.submit(() -> {
                    reader.set(Thread.currentThread());
                    return Outcome.of(() -> way.read(c.client, new byte[8]));
                });
                Out out = way.out(c.client);
                Future<Outcome> writing = threads.submit(() -> {
                    writer.set(Thread.currentThread());
                    return Outcome.of(() -> {
                        out.write(new byte[16 << 20]);
                        return 0;
                    });
                });
                awaitBlocked(reader, reading);
                awaitBlocked(writer, writing);
                if (closer.equals("close")) {
                    c.client.close();
                } else if (closer.equals("interrupt reader")) {
                    reader.get().interrupt();
                } else {
                    writer.get().interrupt();
                }
                Outcome r = Threads.getOrDumpThreads(reading, 30, "blocked read, " + closer);
                Outcome w = Threads.getOrDumpThreads(writing, 30, "blocked write, " + closer);
                assertThat(r.failure).as("blocked read, " + closer).isExactlyInstanceOf(
                        closer.equals("interrupt reader") ? ClosedByInterruptException.class
                                : AsynchronousCloseException.class);
                assertThat(w.failure).as("blocked write, " + closer).isExactlyInstanceOf(
                        closer.equals("interrupt writer") ? ClosedByInterruptException.class
                                : AsynchronousCloseException.class);
                assertThat(c.client.isOpen()).isFalse();
            }
        }
    }

    /**
     * {@code Future.cancel(true)} on an executor of virtual threads (Java 21 and later) stops a
     * task blocked in a read or a write: the socket is closed and the task ends.
     */
    @ParameterizedTest(name = "{0}, write {1}")
    @MethodSource("waysAndDirections")
    void cancelStopsABlockedVirtualThread(Way way, boolean write) throws Exception {
        ExecutorService virtual = virtualThreads();
        assumeTrue(virtual != null, "virtual threads need Java 21");
        try (Link c = link("virtual.sock", false)) {
            AtomicReference<Thread> worker = new AtomicReference<Thread>();
            AtomicReference<Outcome> outcome = new AtomicReference<Outcome>();
            Out out = way.out(c.client);
            Future<?> task = virtual.submit(() -> {
                worker.set(Thread.currentThread());
                outcome.set(Outcome.of(() -> {
                    if (write) {
                        out.write(new byte[16 << 20]);
                    } else {
                        way.read(c.client, new byte[8]);
                    }
                    return 0;
                }));
                return null;
            });
            awaitBlocked(worker, task);
            task.cancel(true);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (outcome.get() == null && System.nanoTime() < deadline) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
            assertThat(outcome.get()).as("the task ended").isNotNull();
            assertThat(outcome.get().failure)
                    .isExactlyInstanceOf(ClosedByInterruptException.class);
            assertThat(c.client.isOpen()).isFalse();
        } finally {
            virtual.shutdownNow();
        }
    }

    static Stream<Arguments> waysAndDirections() {
        List<Arguments> cases = new ArrayList<Arguments>();
        for (boolean write : new boolean[] {false, true}) {
            for (Way way : Way.values()) {
                cases.add(arguments(way, write));
            }
        }
        return cases.stream();
    }

    /** Returns Java 21's executor of virtual threads, or null before Java 21. */
    private static ExecutorService virtualThreads() throws Exception {
        try {
            return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor")
                    .invoke(null);
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    /** A connect waiting for room in a full backlog. */
    @ParameterizedTest(name = "connect timeout {0}")
    @ValueSource(booleans = {false, true})
    void interruptEndsABlockedConnect(boolean timeout) throws Exception {
        UnixSocketAddress address = address("intr-connect.sock");
        List<UnixSocket> queued = new ArrayList<UnixSocket>();
        try (UnixServerSocket server = UnixSockets.bind(address,
                BindOptions.defaults().backlog(1))) {
            fillBacklog(address, queued);
            AtomicReference<Thread> connector = new AtomicReference<Thread>();
            Future<Outcome> connecting = threads.submit(() -> {
                connector.set(Thread.currentThread());
                return Outcome.of(() -> {
                    UnixSocket s = timeout ? UnixSockets.connect(address, LONG)
                            : UnixSockets.connect(address);
                    s.close();
                    return 0;
                });
            });
            awaitBlocked(connector, connecting);
            connector.get().interrupt();
            Outcome o = connecting.get(30, TimeUnit.SECONDS);
            assertThat(o.failure).isExactlyInstanceOf(ClosedByInterruptException.class);
            assertThat(o.stillInterrupted).as("interrupt status kept").isTrue();
        } finally {
            for (UnixSocket s : queued) {
                s.close();
            }
        }
    }

    /** An interrupted thread does not connect at all. */
    @ParameterizedTest(name = "connect timeout {0}")
    @ValueSource(booleans = {false, true})
    void interruptedThreadCannotConnect(boolean timeout) throws Exception {
        UnixSocketAddress address = address("intr-entry-c.sock");
        try (UnixServerSocket server = UnixSockets.bind(address)) {
            Future<Outcome> connecting = threads.submit(() -> {
                Thread.currentThread().interrupt();
                return Outcome.of(() -> {
                    UnixSocket s = timeout ? UnixSockets.connect(address, LONG)
                            : UnixSockets.connect(address);
                    s.close();
                    return 0;
                });
            });
            Outcome o = connecting.get(30, TimeUnit.SECONDS);
            assertThat(o.failure).isExactlyInstanceOf(ClosedByInterruptException.class);
            assertThat(o.stillInterrupted).as("interrupt status kept").isTrue();
        }
    }

    /** Connects with a short limit until one times out: the backlog is then full. */
    private static void fillBacklog(UnixSocketAddress address, List<UnixSocket> queued)
            throws IOException {
        for (int i = 0; i < 50; i++) {
            try {
                queued.add(UnixSockets.connect(address, Duration.ofMillis(100)));
            } catch (SocketTimeoutException e) {
                return;
            }
        }
        throw new AssertionError("backlog never filled");
    }

    /** What a task in another thread ended with, and whether it was still interrupted. */
    static final class Outcome {
        final Throwable failure;
        final boolean stillInterrupted;

        private Outcome(Throwable failure, boolean stillInterrupted) {
            this.failure = failure;
            this.stillInterrupted = stillInterrupted;
        }

        static Outcome of(Callable<?> task) {
            Throwable failure = null;
            try {
                task.call();
            } catch (Throwable t) {
                failure = t;
            }
            return new Outcome(failure, Thread.interrupted());
        }
    }

    private static void assertClosedByInterrupt(Outcome o, Link c) {
        assertThat(o.failure).isExactlyInstanceOf(ClosedByInterruptException.class);
        assertThat(o.stillInterrupted).as("interrupt status kept").isTrue();
        assertThat(c.client.isOpen()).as("socket closed by the interrupt").isFalse();
    }

    /**
     * The native calls a blocked read, write or connect waits in, by the providers' names (the
     * JDK's read0, writev0, connect0, EPoll.wait; junixsocket's receive, send, poll; …), whole:
     * {@code Thread.currentThread}, native too, must not pass for a read.
     */
    private static final Pattern BLOCKING_CALL = Pattern.compile(
            "(?i)(read|write|recv|receive|send|connect|poll|wait|select|accept)(v?0|bytes)?");

    /**
     * Waits until {@code thread} is blocked in a call that waits, somewhere below this library's
     * code: state RUNNABLE with a native frame on top, named as such calls are; or, for a
     * virtual thread, parked (WAITING) there.
     */
    static void awaitBlocked(AtomicReference<Thread> thread, Future<?> task) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            Thread t = thread.get();
            Thread.State state = t == null ? null : t.getState();
            if (state == Thread.State.RUNNABLE) {
                StackTraceElement[] stack = t.getStackTrace();
                if (stack.length > 0 && Threads.isNativeCall(stack[0])
                        && BLOCKING_CALL.matcher(stack[0].getMethodName()).matches()
                        && inLibrary(stack)) {
                    return;
                }
            } else if (state == Thread.State.WAITING && isVirtual(t)
                    && inLibrary(t.getStackTrace())) {
                return;
            }
            if (task.isDone()) {
                task.get();
                throw new AssertionError("the task ended without blocking");
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not blocked after 30 s: " + (t == null ? "not started"
                        : t.getState() + " " + Arrays.toString(t.getStackTrace())));
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    private static boolean isVirtual(Thread t) {
        try {
            return (Boolean) Thread.class.getMethod("isVirtual").invoke(t);
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    private static boolean inLibrary(StackTraceElement[] stack) {
        for (StackTraceElement e : stack) {
            if (e.getClassName().startsWith("io.github.uds4j.")
                    && !e.getClassName().startsWith("io.github.uds4j.contract.")) {
                return true;
            }
        }
        return false;
    }

    // ----------------------------------------------------- S7: write after shutdownOutput

    /**
     * The JDK channel's answer, {@link ClosedChannelException}, for every way, also for a
     * zero-length write; the socket stays open, the peer reads the end of the stream (not a
     * reset), and both still read what the other sends.
     */
    @ParameterizedTest(name = "{0}, read timeout {1}")
    @MethodSource("waysWithAndWithoutTimeout")
    void writeAfterShutdownOutputFailsAndKeepsTheSocket(Way way, boolean timeout)
            throws Exception {
        try (Link c = link("shut.sock", timeout)) {
            Out out = way.out(c.client);
            c.peer.getOutputStream().write(ascii("unread"));
            c.client.shutdownOutput();
            for (byte[] b : new byte[][] {ascii("late"), new byte[0]}) {
                Throwable t = catchThrowable(() -> out.write(b));
                assertThat(t).as("write of %d bytes after shutdownOutput", b.length)
                        .isExactlyInstanceOf(ClosedChannelException.class);
                assertThat(c.client.isOpen()).isTrue();
            }
            assertThat(c.peer.getInputStream().read()).as("peer reads the end").isEqualTo(-1);
            assertThat(readExactly(way, c.client, 6)).isEqualTo("unread");
            c.peer.getOutputStream().write(ascii("more"));
            c.peer.close();
            assertThat(readToEnd(way, c.client)).isEqualTo("more");
        }
    }

    // -------------------------------------------------------- S9: a closed socket's streams

    /**
     * Every stream call on a closed socket throws {@link ClosedChannelException}, as the
     * channel methods do: also a zero-length write and {@code available()}.
     */
    @ParameterizedTest(name = "read timeout {0}")
    @ValueSource(booleans = {false, true})
    void closedSocketsStreamsThrowClosedChannelException(boolean timeout) throws Exception {
        try (Link c = link("closed.sock", timeout)) {
            InputStream in = c.client.getInputStream();
            OutputStream out = c.client.getOutputStream();
            InputStream viewIn = c.client.asSocket().getInputStream();
            OutputStream viewOut = c.client.asSocket().getOutputStream();
            c.client.close();
            for (OutputStream o : new OutputStream[] {out, viewOut}) {
                String which = o == out ? "stream" : "view's stream";
                assertThat(catchThrowable(() -> o.write(new byte[0])))
                        .as("zero-length write, " + which)
                        .isExactlyInstanceOf(ClosedChannelException.class);
                assertThat(catchThrowable(() -> o.write(ascii("x"))))
                        .as("write, " + which)
                        .isExactlyInstanceOf(ClosedChannelException.class);
                assertThat(catchThrowable(() -> o.write(7)))
                        .as("write(int), " + which)
                        .isExactlyInstanceOf(ClosedChannelException.class);
            }
            for (InputStream i : new InputStream[] {in, viewIn}) {
                String which = i == in ? "stream" : "view's stream";
                assertThat(catchThrowable(i::available))
                        .as("available(), " + which)
                        .isExactlyInstanceOf(ClosedChannelException.class);
                assertThat(catchThrowable(() -> i.read(new byte[1])))
                        .as("read, " + which)
                        .isExactlyInstanceOf(ClosedChannelException.class);
                assertThat(catchThrowable(i::read))
                        .as("read(), " + which)
                        .isExactlyInstanceOf(ClosedChannelException.class);
            }
            assertThat(catchThrowable(() -> c.client.write(ByteBuffer.allocate(0))))
                    .as("zero-length channel write")
                    .isExactlyInstanceOf(ClosedChannelException.class);
            assertThat(catchThrowable(() -> c.client.write(new ByteBuffer[] {
                ByteBuffer.allocate(0)})))
                    .as("zero-length gathering write")
                    .isExactlyInstanceOf(ClosedChannelException.class);
        }
    }

    /** A zero-length write on an open socket writes nothing and succeeds, on every way. */
    @Test
    void zeroLengthWritesOnAnOpenSocketDoNothing() throws Exception {
        try (Link c = link("zero.sock", false)) {
            for (Way way : Way.values()) {
                way.out(c.client).write(new byte[0]);
            }
            c.client.getOutputStream().write(ascii("z"));
            assertThat(readExactly(Way.STREAMS, c.peer, 1)).isEqualTo("z");
        }
    }
}
