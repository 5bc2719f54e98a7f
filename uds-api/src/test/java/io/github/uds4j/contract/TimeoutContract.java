package io.github.uds4j.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.uds4j.BindOptions;
import io.github.uds4j.UnixServerSocket;
import io.github.uds4j.UnixSocket;
import io.github.uds4j.UnixSocketAddress;
import io.github.uds4j.UnixSocketCapability;
import io.github.uds4j.UnixSockets;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Read, accept and connect timeouts: a limit that passes throws a {@link SocketTimeoutException}
 * and leaves the socket usable without losing a byte; zero means no limit; a close from another
 * thread ends a wait at once. Only lower bounds of elapsed time are asserted: the machine may be
 * slow, never fast. A test that hangs fails after two minutes, even in a wait that ignores
 * interrupts.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
public abstract class TimeoutContract extends ContractTestBase {
    private static final Duration SHORT = Duration.ofMillis(200);

    private Link link(String name) throws Exception {
        return Link.open(address(name), threads);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Reads once through {@code style}, returning how long it took in ms, or fails. */
    private static long timedOutRead(IoStyle style, UnixSocket s) throws Exception {
        long start = System.nanoTime();
        Throwable t = catchThrowable(() -> style.read(s, new byte[16]));
        long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(t).as(style + " read with a timeout and no data")
                .isInstanceOf(SocketTimeoutException.class);
        return elapsed;
    }

    @ParameterizedTest
    @EnumSource(IoStyle.class)
    void readTimesOutAndSocketStaysUsable(IoStyle style) throws Exception {
        try (Link c = link("rto.sock")) {
            c.client.setReadTimeout(SHORT);
            assertThat(c.client.getReadTimeout()).isEqualTo(SHORT);
            assertThat(timedOutRead(style, c.client)).isGreaterThanOrEqualTo(SHORT.toMillis() / 2);
            assertThat(c.client.isOpen()).isTrue();

            c.peer.getOutputStream().write(ascii("late data"));
            assertThat(style.readExactly(c.client, 9)).isEqualTo(ascii("late data"));
            // and again, and the other direction still works
            assertThat(timedOutRead(style, c.client)).isGreaterThanOrEqualTo(SHORT.toMillis() / 2);
            style.writeAll(c.client, ascii("reply"), 5);
            assertThat(IoStyle.STREAMS.readExactly(c.peer, 5)).isEqualTo(ascii("reply"));
        }
    }

    @Test
    void readTimesOutOnAcceptedSocketsAndPairs() throws Exception {
        try (Link c = link("kinds.sock")) {
            c.peer.setReadTimeout(SHORT);
            timedOutRead(IoStyle.STREAMS, c.peer);
            c.client.getOutputStream().write(1);
            assertThat(c.peer.getInputStream().read()).isEqualTo(1);
        }
        UnixSocket[] pair = UnixSockets.openPair();
        try (UnixSocket a = pair[0]; UnixSocket b = pair[1]) {
            a.setReadTimeout(SHORT);
            timedOutRead(IoStyle.HEAP_BUFFERS, a);
            b.getOutputStream().write(2);
            assertThat(a.getInputStream().read()).isEqualTo(2);
        }
    }

    @Test
    void timeoutMessageNamesThePath() throws Exception {
        try (Link c = link("named.sock")) {
            c.client.setReadTimeout(Duration.ofMillis(50));
            assertThatThrownBy(() -> c.client.getInputStream().read())
                    .isInstanceOf(SocketTimeoutException.class)
                    .hasMessageContaining(c.server.getLocalAddress().toString())
                    .hasMessageContaining("read timed out after 50 ms");
        }
    }

    @Test
    void noByteLostAcrossManyTimeouts() throws Exception {
        IoStyle[] styles = IoStyle.values();
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        try (Link c = link("lost.sock")) {
            c.client.setReadTimeout(Duration.ofMillis(20));
            for (int i = 0; i < 50; i++) {
                IoStyle style = styles[i % styles.length];
                timedOutRead(style, c.client);
                byte[] chunk = Bytes.random(1 + (i * 7919) % 3000, i);
                c.peer.getOutputStream().write(chunk);
                sent.write(chunk);
                received.write(style.readExactly(c.client, chunk.length));
            }
        }
        assertThat(Bytes.sha256(received.toByteArray()))
                .isEqualTo(Bytes.sha256(sent.toByteArray()));
        assertThat(received.size()).isEqualTo(sent.size());
    }

    @Test
    void noByteLostWhenDataArrivesAroundTheTimeout() throws Exception {
        IoStyle[] styles = IoStyle.values();
        try (Link c = link("race.sock")) {
            Random random = new Random(42);
            int[] sizes = new int[200];
            int[] pauses = new int[sizes.length];
            int total = 0;
            for (int i = 0; i < sizes.length; i++) {
                sizes[i] = 1 + random.nextInt(2000);
                pauses[i] = random.nextInt(12);
                total += sizes[i];
            }
            byte[] data = Bytes.random(total, 7);
            Future<?> writer = threads.submit(() -> {
                int off = 0;
                for (int i = 0; i < sizes.length; i++) {
                    Thread.sleep(pauses[i]);
                    c.peer.getOutputStream().write(data, off, sizes[i]);
                    off += sizes[i];
                }
                c.peer.shutdownOutput();
                return null;
            });
            c.client.setReadTimeout(Duration.ofMillis(3));
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            byte[] buf = new byte[1500];
            int timeouts = 0;
            for (int i = 0; ; i++) {
                int n;
                try {
                    n = styles[i % styles.length].read(c.client, buf);
                } catch (SocketTimeoutException e) {
                    timeouts++;
                    continue;
                }
                if (n < 0) {
                    break;
                }
                received.write(buf, 0, n);
            }
            writer.get(30, TimeUnit.SECONDS);
            assertThat(timeouts).as("reads that timed out").isPositive();
            assertThat(received.size()).isEqualTo(total);
            assertThat(Bytes.sha256(received.toByteArray())).isEqualTo(Bytes.sha256(data));
        }
    }

    @ParameterizedTest
    @EnumSource(IoStyle.class)
    void zeroMeansNoTimeout(IoStyle style) throws Exception {
        try (Link c = link("zero.sock")) {
            assertThat(c.client.getReadTimeout()).isEqualTo(Duration.ZERO);
            c.client.setReadTimeout(Duration.ofMillis(100));
            timedOutRead(style, c.client); // the socket now waits through its timeout machinery
            c.client.setReadTimeout(Duration.ZERO);
            assertThat(c.client.getReadTimeout()).isEqualTo(Duration.ZERO);
            Future<byte[]> reading =
                    Threads.submitAndAwaitBlocked(threads, () -> style.readExactly(c.client, 4));
            Thread.sleep(300); // deliberate: longer than the old limit
            assertThat(reading.isDone()).as("a read with no limit is still waiting").isFalse();
            c.peer.getOutputStream().write(ascii("slow"));
            assertThat(reading.get(30, TimeUnit.SECONDS)).isEqualTo(ascii("slow"));
        }
    }

    @Test
    void aTimeoutSetWhileNoneWasNeededLeavesFastReadsAlone() throws Exception {
        try (Link c = link("fresh.sock")) {
            // data waiting before the first read: no wait, no timeout
            c.peer.getOutputStream().write(ascii("ready"));
            c.client.setReadTimeout(Duration.ofSeconds(30));
            assertThat(IoStyle.DIRECT_BUFFERS.readExactly(c.client, 5)).isEqualTo(ascii("ready"));
        }
    }

    @Test
    void tinyTimeoutIsRoundedUpNotToNoLimit() throws Exception {
        try (Link c = link("tiny.sock")) {
            c.client.setReadTimeout(Duration.ofNanos(1));
            assertThat(c.client.getReadTimeout()).isEqualTo(Duration.ofMillis(1));
            timedOutRead(IoStyle.STREAMS, c.client);
        }
    }

    @ParameterizedTest
    @EnumSource(IoStyle.class)
    void largeWritesCompleteOnceAReadTimeoutIsSet(IoStyle style) throws Exception {
        try (Link c = link("write.sock")) {
            c.client.setReadTimeout(Duration.ofMillis(50));
            timedOutRead(style, c.client);
            byte[] data = Bytes.random(4 << 20, 3);
            // The writer fills the socket buffer and waits for room before anything is read.
            Future<?> writing = Threads.submitAndAwaitBlocked(threads, () -> {
                style.writeAll(c.client, data, 1 << 20);
                c.client.shutdownOutput();
                return null;
            });
            byte[] got = Bytes.readAll(c.peer.getInputStream());
            writing.get(30, TimeUnit.SECONDS);
            assertThat(got.length).isEqualTo(data.length);
            assertThat(Bytes.sha256(got)).isEqualTo(Bytes.sha256(data));
        }
    }

    @Test
    void readingAndWritingAtOnceWithATimeoutSet() throws Exception {
        try (Link c = link("duplex.sock")) {
            Future<Long> echo = threads.submit(() -> {
                long n = Bytes.copy(c.peer.getInputStream(), c.peer.getOutputStream(), 8192);
                c.peer.shutdownOutput();
                return n;
            });
            c.client.setReadTimeout(Duration.ofSeconds(30));
            byte[] data = Bytes.random(3 << 20, 11);
            Future<?> writing = threads.submit(() -> {
                IoStyle.SCATTER_GATHER.writeAll(c.client, data, 64 * 1024);
                c.client.shutdownOutput();
                return null;
            });
            byte[] back = IoStyle.HEAP_BUFFERS.readToEnd(c.client, 32 * 1024);
            writing.get(30, TimeUnit.SECONDS);
            assertThat(echo.get(30, TimeUnit.SECONDS)).isEqualTo(data.length);
            assertThat(Bytes.sha256(back)).isEqualTo(Bytes.sha256(data));
        }
    }

    @ParameterizedTest
    @EnumSource(IoStyle.class)
    void closeFromAnotherThreadUnblocksReadWithTimeoutSet(IoStyle style) throws Exception {
        try (Link c = link("close.sock")) {
            c.client.setReadTimeout(Duration.ofMillis(50));
            timedOutRead(style, c.client);
            c.client.setReadTimeout(Duration.ofMinutes(10));
            Future<Integer> reading =
                    Threads.submitAndAwaitBlocked(threads, () -> style.read(c.client, new byte[8]));
            c.client.close();
            Throwable t = catchThrowable(() -> reading.get(30, TimeUnit.SECONDS));
            assertThat(t).as("a read ended by close neither returns nor times out")
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(IOException.class);
            assertThat(t.getCause()).isNotInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void closeFromAnotherThreadUnblocksReadWithNoTimeoutAfterOne() throws Exception {
        try (Link c = link("close0.sock")) {
            c.client.setReadTimeout(Duration.ofMillis(50));
            timedOutRead(IoStyle.STREAMS, c.client);
            c.client.setReadTimeout(Duration.ZERO);
            Future<Integer> reading =
                    Threads.submitAndAwaitBlocked(threads, () -> c.client.getInputStream().read());
            c.client.close();
            assertThatThrownBy(() -> reading.get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(IOException.class);
        }
    }

    @Test
    void closeFromAnotherThreadUnblocksWriteWithTimeoutSet() throws Exception {
        try (Link c = link("closew.sock")) {
            c.client.setReadTimeout(Duration.ofMillis(50));
            timedOutRead(IoStyle.STREAMS, c.client);
            Future<?> writing = Threads.submitAndAwaitBlocked(threads, () -> {
                byte[] chunk = new byte[1 << 20];
                for (int i = 0; i < 64; i++) { // far more than the socket buffers hold
                    c.client.getOutputStream().write(chunk);
                }
                return null;
            });
            c.client.close();
            assertThatThrownBy(() -> writing.get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(IOException.class);
        }
    }

    @Test
    void invalidReadTimeoutsAreRejected() throws Exception {
        try (Link c = link("invalid.sock")) {
            c.client.setReadTimeout(SHORT);
            assertThatThrownBy(() -> c.client.setReadTimeout(null))
                    .isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> c.client.setReadTimeout(Duration.ofMillis(-1)))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(c.client.getReadTimeout()).isEqualTo(SHORT);
            c.client.close();
            assertThatThrownBy(() -> c.client.setReadTimeout(SHORT))
                    .isInstanceOf(IOException.class);
        }
    }

    @Test
    void invalidAcceptAndConnectTimeoutsAreRejected() throws Exception {
        UnixSocketAddress address = address("invalid-accept.sock");
        try (UnixServerSocket server = UnixSockets.bind(address)) {
            assertThat(server.getAcceptTimeout()).isEqualTo(Duration.ZERO);
            server.setAcceptTimeout(SHORT);
            assertThatThrownBy(() -> server.setAcceptTimeout(null))
                    .isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> server.setAcceptTimeout(Duration.ofSeconds(-1)))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(server.getAcceptTimeout()).isEqualTo(SHORT);
            assertThatThrownBy(() -> UnixSockets.connect(address, Duration.ofMillis(-5)))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> UnixSockets.connect(address, (Duration) null))
                    .isInstanceOf(NullPointerException.class);
        }
    }

    @Test
    void acceptTimesOutAndServerStaysUsable() throws Exception {
        UnixSocketAddress address = address("ato.sock");
        try (UnixServerSocket server = UnixSockets.bind(address)) {
            server.setAcceptTimeout(SHORT);
            long start = System.nanoTime();
            assertThatThrownBy(server::accept)
                    .isInstanceOf(SocketTimeoutException.class)
                    .hasMessageContaining(address.toString());
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
                    .isGreaterThanOrEqualTo(SHORT.toMillis() / 2);
            assertThat(server.isOpen()).isTrue();

            try (UnixSocket client = UnixSockets.connect(address);
                    UnixSocket peer = server.accept()) {
                client.getOutputStream().write(3);
                assertThat(peer.getInputStream().read()).isEqualTo(3);
                // the accepted socket blocks as usual: a read waits for data that comes later
                Future<Integer> reading =
                        Threads.submitAndAwaitBlocked(threads, () -> peer.getInputStream().read());
                assertThat(reading.isDone()).isFalse();
                client.getOutputStream().write(4);
                assertThat(reading.get(30, TimeUnit.SECONDS)).isEqualTo(4);
            }
            assertThatThrownBy(server::accept).isInstanceOf(SocketTimeoutException.class);
            server.setAcceptTimeout(Duration.ZERO);
            Future<UnixSocket> accepting = Threads.submitAndAwaitBlocked(threads, server::accept);
            Thread.sleep(300); // deliberate: longer than the old timeout
            assertThat(accepting.isDone()).as("an accept with no limit is still waiting").isFalse();
            try (UnixSocket client = UnixSockets.connect(address);
                    UnixSocket peer = accepting.get(30, TimeUnit.SECONDS)) {
                assertThat(peer.isOpen()).isTrue();
            }
        }
    }

    @Test
    void closeFromAnotherThreadUnblocksAcceptWithTimeoutSet() throws Exception {
        UnixServerSocket server = UnixSockets.bind(address("closea.sock"));
        server.setAcceptTimeout(Duration.ofMinutes(10));
        Future<UnixSocket> accepting = Threads.submitAndAwaitBlocked(threads, server::accept);
        server.close();
        assertThatThrownBy(() -> accepting.get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(ClosedChannelException.class);
    }

    @Test
    @RequiresCapability(UnixSocketCapability.PEER_CREDENTIALS)
    void rejectedPeersDoNotExtendTheAcceptTimeout() throws Exception {
        UnixSocketAddress address = address("reject.sock");
        long stranger = SocketFileContract.ownId("Uid:") + 4242;
        try (UnixServerSocket server = UnixSockets.bind(address,
                BindOptions.defaults().allowedUids(stranger))) {
            server.setAcceptTimeout(Duration.ofMillis(500));
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger connects = new AtomicInteger();
            int limit = 200; // twenty seconds of peers, forty times the timeout
            Future<?> peers = threads.submit(() -> {
                while (!stop.get() && connects.get() < limit) {
                    try (UnixSocket s = UnixSockets.connect(address)) {
                        connects.incrementAndGet();
                        s.setReadTimeout(Duration.ofSeconds(1));
                        s.getInputStream().read(); // the server closes it
                    } catch (SocketTimeoutException e) {
                        // queued after the server stopped accepting
                    }
                    Thread.sleep(100);
                }
                return null;
            });
            try {
                assertThatThrownBy(server::accept).isInstanceOf(SocketTimeoutException.class);
                assertThat(connects.get())
                        .as("accept timed out while rejected peers kept coming")
                        .isLessThan(limit);
            } finally {
                stop.set(true);
                peers.get(30, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void timeoutsLeaveNoDescriptorBehind() throws Exception {
        Path fdDir = Paths.get("/proc/self/fd");
        assumeTrue(Files.isDirectory(fdDir), "needs /proc/self/fd to count descriptors");
        UnixSocketAddress address = address("fds.sock");
        timeoutCycle(address); // warm up: lazily opened JDK and provider resources
        int before = openDescriptors(fdDir);
        for (int i = 0; i < 30; i++) {
            timeoutCycle(address);
        }
        assertThat(openDescriptors(fdDir)).isLessThanOrEqualTo(before + 5);
    }

    /** Uses every kind of wait once, on a pair and on a server with a connection. */
    private void timeoutCycle(UnixSocketAddress address) throws Exception {
        UnixSocket[] pair = UnixSockets.openPair();
        try (UnixSocket a = pair[0]; UnixSocket b = pair[1]) {
            a.setReadTimeout(Duration.ofMillis(1));
            timedOutRead(IoStyle.HEAP_BUFFERS, a);
        }
        try (UnixServerSocket server = UnixSockets.bind(address)) {
            server.setAcceptTimeout(Duration.ofMillis(1));
            assertThatThrownBy(server::accept).isInstanceOf(SocketTimeoutException.class);
            server.setAcceptTimeout(Duration.ofSeconds(30));
            try (UnixSocket client = UnixSockets.connect(address);
                    UnixSocket peer = server.accept()) {
                client.setReadTimeout(Duration.ofMillis(1));
                timedOutRead(IoStyle.DIRECT_BUFFERS, client);
                byte[] data = new byte[1 << 20];
                Future<byte[]> reading = threads.submit(() -> Bytes.readAll(peer.getInputStream()));
                client.getOutputStream().write(data); // more than fits: waits for room
                client.shutdownOutput();
                assertThat(reading.get(30, TimeUnit.SECONDS)).hasSize(data.length);
            }
        }
    }

    private static int openDescriptors(Path fdDir) throws IOException {
        try (java.util.stream.Stream<Path> s = Files.list(fdDir)) {
            return (int) s.count();
        }
    }

    @Test
    void connectTimesOutWhenBacklogIsFull() throws Exception {
        UnixSocketAddress address = address("backlog.sock");
        List<UnixSocket> queued = new ArrayList<UnixSocket>();
        try (UnixServerSocket server = UnixSockets.bind(address,
                BindOptions.defaults().backlog(1))) {
            SocketTimeoutException timedOut = null;
            long elapsed = 0;
            for (int i = 0; i < 20 && timedOut == null; i++) {
                long start = System.nanoTime();
                try {
                    queued.add(UnixSockets.connect(address, SHORT));
                } catch (SocketTimeoutException e) {
                    timedOut = e;
                    elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                }
            }
            assertThat(timedOut).as("a connect to a full backlog times out").isNotNull();
            assertThat(timedOut.getMessage()).contains(address.toString()).contains("timed out");
            assertThat(elapsed).isGreaterThanOrEqualTo(SHORT.toMillis() / 2);

            server.setAcceptTimeout(Duration.ofSeconds(30));
            for (int i = 0; i < queued.size(); i++) {
                server.accept().close();
            }
            try (UnixSocket client = UnixSockets.connect(address, Duration.ofSeconds(30));
                    UnixSocket peer = server.accept()) {
                client.write(ByteBuffer.wrap(new byte[] {9}));
                assertThat(peer.getInputStream().read()).isEqualTo(9);
            }
        } finally {
            for (UnixSocket s : queued) {
                s.close();
            }
        }
    }

    @Test
    void aConnectWaitingForRoomInTheBacklogGetsThroughOnceOneIsAccepted() throws Exception {
        UnixSocketAddress address = address("room.sock");
        List<UnixSocket> queued = new ArrayList<UnixSocket>();
        try (UnixServerSocket server = UnixSockets.bind(address,
                BindOptions.defaults().backlog(1))) {
            boolean full = false;
            for (int i = 0; i < 20 && !full; i++) {
                try {
                    queued.add(UnixSockets.connect(address, SHORT));
                } catch (SocketTimeoutException e) {
                    full = true;
                }
            }
            assertThat(full).as("the backlog filled up").isTrue();
            // A connect with time to spare waits for room, and gets it when one is accepted.
            Future<UnixSocket> waiting = Threads.submitAndAwaitBlocked(threads,
                    () -> UnixSockets.connect(address, Duration.ofSeconds(60)));
            assertThat(waiting.isDone()).as("a connect to a full backlog waits").isFalse();
            try (UnixSocket first = server.accept();
                    UnixSocket late = waiting.get(60, TimeUnit.SECONDS)) {
                assertThat(first.isOpen()).isTrue();
                assertThat(late.isOpen()).isTrue();
                assertThat(late.getRemoteAddress()).isEqualTo(address);
            }
        } finally {
            for (UnixSocket s : queued) {
                s.close();
            }
        }
    }
}
