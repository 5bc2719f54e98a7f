package io.github.uds4j.contract;

import static io.github.uds4j.UnixSocketCapability.DATAGRAM;
import static io.github.uds4j.UnixSocketCapability.SEQPACKET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.uds4j.BindOptions;
import io.github.uds4j.MessageTruncatedException;
import io.github.uds4j.Received;
import io.github.uds4j.UnixDatagramSocket;
import io.github.uds4j.UnixServerSocket;
import io.github.uds4j.UnixSocketAddress;
import io.github.uds4j.UnixSocketType;
import io.github.uds4j.UnixSockets;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Unix datagram sockets ({@link UnixDatagramSocket}): messages both ways with the sender's
 * address, boundaries kept from 0 bytes to the largest datagram, truncation never silent, the
 * errors of an unreachable target the same as a stream connect's, read timeouts, close from
 * another thread, pairs, and the socket-file handling of stream servers ({@link
 * SocketFileCases}).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
public abstract class DatagramContract extends ContractTestBase {
    /** Long enough never to pass in a passing test; it turns a lost datagram into a failure. */
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    /** The kinds of buffer a datagram is sent from and received into. */
    public enum Buffers {
        HEAP, DIRECT;

        ByteBuffer allocate(int n) {
            return this == HEAP ? ByteBuffer.allocate(n) : ByteBuffer.allocateDirect(n);
        }

        ByteBuffer of(byte[] bytes) {
            ByteBuffer b = allocate(bytes.length);
            b.put(bytes).flip();
            return b;
        }
    }

    private UnixDatagramSocket bound(String name) throws IOException {
        UnixDatagramSocket s = UnixSockets.bindDatagram(address(name));
        s.setReadTimeout(PATIENCE);
        return s;
    }

    /** Receives one datagram and returns its bytes, checking that it was whole. */
    private static byte[] receiveWhole(UnixDatagramSocket s, ByteBuffer into) throws IOException {
        into.clear();
        Received r = s.receive(into);
        assertThat(r.isTruncated()).as("truncated: " + r).isFalse();
        assertThat(r.length()).isEqualTo(into.position());
        into.flip();
        byte[] out = new byte[into.remaining()];
        into.get(out);
        return out;
    }

    private static ByteBuffer ascii(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }

    // ---- messages ----------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Buffers.class)
    @RequiresCapability(DATAGRAM)
    void datagramsGoBothWaysWithTheSendersAddress(Buffers buffers) throws Exception {
        try (UnixDatagramSocket a = bound("a.sock"); UnixDatagramSocket b = bound("b.sock")) {
            assertThat(a.getLocalAddress()).isEqualTo(address("a.sock"));
            assertThat(a.isConnected()).isFalse();
            ByteBuffer in = buffers.allocate(64);
            assertThat(a.send(buffers.of(Bytes.random(5, 1)), b.getLocalAddress())).isEqualTo(5);
            Received r = b.receive(in);
            assertThat(r.length()).isEqualTo(5);
            assertThat(r.descriptors()).isEmpty();
            assertThat(r.droppedDescriptors()).isZero();
            assertThat(r.sender()).as("the bound sender's address").isEqualTo(a.getLocalAddress());
            in.flip();
            assertThat(Bytes.remaining(in)).isEqualTo(Bytes.random(5, 1));
            // Reply to whoever sent it.
            b.send(buffers.of(Bytes.random(7, 2)), r.sender());
            in.clear();
            Received reply = a.receive(in);
            assertThat(reply.length()).isEqualTo(7);
            assertThat(reply.sender()).isEqualTo(b.getLocalAddress());
            in.flip();
            assertThat(Bytes.remaining(in)).isEqualTo(Bytes.random(7, 2));
        }
        assertThat(listing()).isEmpty();
    }

    @Test
    @RequiresCapability(DATAGRAM)
    void unboundSenderIsUnnamed() throws Exception {
        try (UnixDatagramSocket a = bound("a.sock");
                UnixDatagramSocket unbound = UnixSockets.openDatagram()) {
            assertThat(unbound.getLocalAddress()).isNull();
            assertThat(unbound.isConnected()).isFalse();
            unbound.send(ascii("anonymous"), a.getLocalAddress());
            ByteBuffer in = ByteBuffer.allocate(64);
            Received r = a.receive(in);
            assertThat(r.length()).isEqualTo(9);
            assertThat(r.sender()).isNull();
            assertThat(SocketFileCases.withoutKeptDirectories(listing()))
                    .containsExactly("a.sock");
        }
    }

    @ParameterizedTest
    @EnumSource(Buffers.class)
    @RequiresCapability(DATAGRAM)
    void boundariesAreKeptFromEmptyToTheLargestDatagram(Buffers buffers) throws Exception {
        int max = UnixDatagramSocket.typicalMaximumSize();
        int[] sizes = {0, 1, 1024, 65536, max};
        try (UnixDatagramSocket a = bound("a.sock"); UnixDatagramSocket b = bound("b.sock")) {
            ByteBuffer in = buffers.allocate(max + 1);
            // One at a time: a datagram near the largest fills the sender's buffer alone.
            for (int size : sizes) {
                byte[] data = Bytes.random(size, size);
                assertThat(a.send(buffers.of(data), b.getLocalAddress())).as("sent " + size)
                        .isEqualTo(size);
                assertThat(receiveWhole(b, in)).as("datagram of " + size + " bytes")
                        .isEqualTo(data);
            }
            // Several queued at once come out one by one, never merged.
            for (int size : new int[] {0, 1, 1024, 0, 3}) {
                a.send(buffers.of(Bytes.random(size, size)), b.getLocalAddress());
            }
            for (int size : new int[] {0, 1, 1024, 0, 3}) {
                assertThat(receiveWhole(b, in)).as("queued datagram of " + size + " bytes")
                        .isEqualTo(Bytes.random(size, size));
            }
        }
    }

    @Test
    @RequiresCapability(DATAGRAM)
    void oneByteMoreThanTheLargestIsMessageTooLongAndSendsNothing() throws Exception {
        String wmem = Files.readAllLines(Paths.get("/proc/sys/net/core/wmem_default"),
                StandardCharsets.US_ASCII).get(0).trim();
        assumeTrue(wmem.equals("212992"), "net.core.wmem_default is " + wmem + ", not the"
                + " default 212992: the largest datagram differs from typicalMaximumSize()");
        int max = UnixDatagramSocket.typicalMaximumSize();
        try (UnixDatagramSocket a = bound("a.sock"); UnixDatagramSocket b = bound("b.sock")) {
            assertThatThrownBy(() -> a.send(ByteBuffer.allocate(max + 1), b.getLocalAddress()))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("Message too long");
            a.send(ascii("next"), b.getLocalAddress());
            assertThat(new String(receiveWhole(b, ByteBuffer.allocate(max + 2)),
                    StandardCharsets.US_ASCII)).isEqualTo("next");
            // Both sockets still work, and the largest still goes through.
            a.send(ByteBuffer.allocate(max), b.getLocalAddress());
            assertThat(receiveWhole(b, ByteBuffer.allocate(max + 2))).hasSize(max);
        }
    }

    @ParameterizedTest
    @EnumSource(Buffers.class)
    @RequiresCapability(DATAGRAM)
    void receiveReportsTruncationAndKeepsWhatFits(Buffers buffers) throws Exception {
        try (UnixDatagramSocket a = bound("a.sock"); UnixDatagramSocket b = bound("b.sock")) {
            byte[] data = Bytes.random(100, 3);
            a.send(ByteBuffer.wrap(data), b.getLocalAddress());
            a.send(ByteBuffer.wrap(data, 0, 10), b.getLocalAddress());
            a.send(ByteBuffer.wrap(data, 0, 4), b.getLocalAddress());
            ByteBuffer small = buffers.allocate(10);
            Received cut = b.receive(small);
            assertThat(cut.isTruncated()).as("100 bytes into 10").isTrue();
            assertThat(cut.length()).isEqualTo(10);
            assertThat(small.position()).isEqualTo(10);
            small.flip();
            assertThat(Bytes.remaining(small)).isEqualTo(Arrays.copyOf(data, 10));
            // The rest of it is gone; an exact fit is not a truncation.
            small.clear();
            Received exact = b.receive(small);
            assertThat(exact.length()).isEqualTo(10);
            assertThat(exact.isTruncated()).as("10 bytes into 10").isFalse();
            small.clear();
            Received shorter = b.receive(small);
            assertThat(shorter.length()).isEqualTo(4);
            assertThat(shorter.isTruncated()).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(Buffers.class)
    @RequiresCapability(DATAGRAM)
    void readOnAConnectedSocketThrowsMessageTruncated(Buffers buffers) throws Exception {
        UnixDatagramSocket[] pair = UnixSockets.openDatagramPair();
        try (UnixDatagramSocket a = pair[0]; UnixDatagramSocket b = pair[1]) {
            b.setReadTimeout(PATIENCE);
            byte[] data = Bytes.random(100, 4);
            a.write(ByteBuffer.wrap(data));
            a.write(ByteBuffer.wrap(data, 0, 10));
            a.write(ByteBuffer.wrap(data, 0, 4));
            ByteBuffer small = buffers.allocate(10);
            Throwable t = catchThrowable(() -> b.read(small));
            assertThat(t).isInstanceOf(MessageTruncatedException.class);
            assertThat(((MessageTruncatedException) t).kept()).isEqualTo(10);
            assertThat(small.position()).isEqualTo(10);
            small.flip();
            assertThat(Bytes.remaining(small)).isEqualTo(Arrays.copyOf(data, 10));
            small.clear();
            assertThat(b.read(small)).as("exact fit").isEqualTo(10);
            small.clear();
            assertThat(b.read(small)).isEqualTo(4);
        }
    }

    // ---- unreachable targets -----------------------------------------------------------------

    @Test
    @RequiresCapability(DATAGRAM)
    void sendingToAMissingPathIsNoSuchFile() throws Exception {
        UnixSocketAddress missing = address("missing.sock");
        try (UnixDatagramSocket s = UnixSockets.openDatagram()) {
            assertThatThrownBy(() -> s.send(ascii("x"), missing))
                    .isInstanceOf(NoSuchFileException.class)
                    .hasMessageContaining(missing.toString());
            assertThatThrownBy(() -> s.connect(missing))
                    .isInstanceOf(NoSuchFileException.class)
                    .hasMessageContaining(missing.toString());
            assertThat(s.isOpen()).isTrue();
        }
        assertThat(listing()).isEmpty();
    }

    @Test
    @RequiresCapability(DATAGRAM)
    void sendingToAStaleSocketFileIsConnectException() throws Exception {
        for (SocketKind stale : new SocketKind[] {SocketKind.DATAGRAM, SocketKind.STREAM}) {
            UnixSocketAddress address = address("stale-" + stale + ".sock");
            stale.leaveStale(address);
            try (UnixDatagramSocket s = UnixSockets.openDatagram()) {
                assertThatThrownBy(() -> s.send(ascii("x"), address))
                        .as("send to a stale " + stale + " socket file")
                        .isInstanceOf(ConnectException.class)
                        .hasMessageContaining(address.toString())
                        .hasMessageContaining("refused");
                assertThatThrownBy(() -> s.connect(address))
                        .isInstanceOf(ConnectException.class)
                        .hasMessageContaining(address.toString());
            }
        }
        assertThat(listing()).containsExactly("stale-DATAGRAM.sock", "stale-STREAM.sock");
    }

    @Test
    @RequiresCapability(DATAGRAM)
    void sendingToANonSocketFailsAsAStreamConnectDoes() throws Exception {
        Path file = Files.write(dir.resolve("plain"), "data".getBytes(StandardCharsets.US_ASCII));
        Path sub = Files.createDirectory(dir.resolve("sub"));
        Path fifo = SocketFileCases.mkfifo(dir.resolve("fifo"));
        for (Path p : new Path[] {file, sub, fifo}) {
            UnixSocketAddress address = UnixSocketAddress.of(p);
            Throwable stream = catchThrowable(() -> UnixSockets.connect(address).close());
            assertThat(stream).isInstanceOf(FileSystemException.class)
                    .hasMessageContaining("not a socket");
            try (UnixDatagramSocket s = UnixSockets.openDatagram()) {
                Throwable sent = catchThrowable(() -> s.send(ascii("x"), address));
                assertThat(sent).as("send to " + p).isInstanceOf(stream.getClass())
                        .hasMessage(stream.getMessage());
                Throwable connected = catchThrowable(() -> s.connect(address));
                assertThat(connected).as("connect to " + p).isInstanceOf(stream.getClass())
                        .hasMessage(stream.getMessage());
            }
        }
        assertThat(new String(Files.readAllBytes(file), StandardCharsets.US_ASCII))
                .isEqualTo("data");
        assertThat(listing()).containsExactly("fifo", "plain", "sub");
    }

    @Test
    @RequiresCapability(DATAGRAM)
    void sendingToAStreamServerSaysItIsASocketOfAnotherType() throws Exception {
        UnixSocketAddress address = address("stream.sock");
        try (UnixServerSocket server = UnixSockets.bind(address);
                UnixDatagramSocket s = UnixSockets.openDatagram()) {
            assertThatThrownBy(() -> s.send(ascii("x"), address))
                    .isInstanceOf(FileSystemException.class)
                    .hasMessageContaining(address.toString())
                    .hasMessageContaining("another type");
            assertThatThrownBy(() -> s.connect(address))
                    .isInstanceOf(FileSystemException.class)
                    .hasMessageContaining("another type");
        }
    }

    @Test
    @RequiresCapability({DATAGRAM, SEQPACKET})
    void sendingToASeqpacketServerSaysItIsASocketOfAnotherType() throws Exception {
        UnixSocketAddress address = address("seqpacket.sock");
        try (UnixServerSocket server = UnixSockets.bind(address, UnixSocketType.SEQPACKET,
                BindOptions.defaults()); UnixDatagramSocket s = UnixSockets.openDatagram()) {
            assertThatThrownBy(() -> s.send(ascii("x"), address))
                    .isInstanceOf(FileSystemException.class)
                    .hasMessageContaining(address.toString())
                    .hasMessageContaining("another type");
        }
    }

    @Test
    @RequiresCapability(DATAGRAM)
    void streamConnectToADatagramSocketSaysItIsASocketOfAnotherType() throws Exception {
        try (UnixDatagramSocket a = bound("a.sock")) {
            assertThatThrownBy(() -> UnixSockets.connect(a.getLocalAddress()))
                    .isInstanceOf(FileSystemException.class)
                    .hasMessageContaining(a.getLocalAddress().toString())
                    .hasMessageContaining("another type");
        }
    }

    // ---- connect, timeouts, close ------------------------------------------------------------

    @Test
    @RequiresCapability(DATAGRAM)
    void connectedSocketsReadAndWrite() throws Exception {
        try (UnixDatagramSocket a = bound("a.sock"); UnixDatagramSocket c = bound("c.sock")) {
            c.connect(a.getLocalAddress());
            assertThat(c.isConnected()).isTrue();
            assertThat(c.getRemoteAddress()).isEqualTo(a.getLocalAddress());
            assertThat(c.write(ascii("hello"))).isEqualTo(5);
            ByteBuffer in = ByteBuffer.allocate(64);
            assertThat(a.receive(in).length()).isEqualTo(5);
            a.send(ascii("back"), c.getLocalAddress());
            in.clear();
            assertThat(c.read(in)).isEqualTo(4);
            assertThat(new String(in.array(), 0, 4, StandardCharsets.US_ASCII)).isEqualTo("back");
        }
    }

    @Test
    @RequiresCapability(DATAGRAM)
    void readTimesOutAndSocketStaysUsable() throws Exception {
        UnixDatagramSocket[] pair = UnixSockets.openDatagramPair();
        try (UnixDatagramSocket a = bound("a.sock"); UnixDatagramSocket p = pair[0];
                UnixDatagramSocket q = pair[1]) {
            Duration limit = Duration.ofMillis(200);
            a.setReadTimeout(limit);
            q.setReadTimeout(limit);
            assertThat(a.getReadTimeout()).isEqualTo(limit);
            ByteBuffer in = ByteBuffer.allocate(16);
            long start = System.nanoTime();
            assertThatThrownBy(() -> a.receive(in)).isInstanceOf(SocketTimeoutException.class);
            assertThat(System.nanoTime() - start).as("waited for the timeout")
                    .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(150));
            assertThatThrownBy(() -> q.read(in)).isInstanceOf(SocketTimeoutException.class);
            assertThat(a.isOpen()).isTrue();
            assertThat(q.isOpen()).isTrue();
            try (UnixDatagramSocket sender = UnixSockets.openDatagram()) {
                sender.send(ascii("late"), a.getLocalAddress());
            }
            assertThat(a.receive(in).length()).isEqualTo(4);
            p.write(ascii("later"));
            in.clear();
            assertThat(q.read(in)).isEqualTo(5);
            a.setReadTimeout(Duration.ZERO);
            assertThat(a.getReadTimeout()).isEqualTo(Duration.ZERO);
        }
    }

    @Test
    @RequiresCapability(DATAGRAM)
    void closeFromAnotherThreadWakesABlockedReceive() throws Exception {
        UnixDatagramSocket a = UnixSockets.bindDatagram(address("a.sock"));
        Future<Received> receiving = Threads.submitAndAwaitBlocked(threads,
                () -> a.receive(ByteBuffer.allocate(16)));
        a.close();
        assertThatThrownBy(() -> receiving.get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(ClosedChannelException.class);
        assertThat(a.isOpen()).isFalse();
        assertThatThrownBy(() -> a.receive(ByteBuffer.allocate(16)))
                .isInstanceOf(ClosedChannelException.class);
        assertThat(listing()).isEmpty();

        UnixDatagramSocket[] pair = UnixSockets.openDatagramPair();
        try (UnixDatagramSocket p = pair[0]; UnixDatagramSocket q = pair[1]) {
            Future<Integer> reading = Threads.submitAndAwaitBlocked(threads,
                    () -> q.read(ByteBuffer.allocate(16)));
            q.close();
            assertThatThrownBy(() -> reading.get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(ClosedChannelException.class);
        }
    }

    // ---- pairs -------------------------------------------------------------------------------

    @Test
    @RequiresCapability(DATAGRAM)
    void pairTalksBothWaysUnnamedAndKeepsBoundaries() throws Exception {
        UnixDatagramSocket[] pair = UnixSockets.openDatagramPair();
        try (UnixDatagramSocket a = pair[0]; UnixDatagramSocket b = pair[1]) {
            for (UnixDatagramSocket s : pair) {
                assertThat(s.isConnected()).isTrue();
                assertThat(s.getLocalAddress()).isNull();
                assertThat(s.getRemoteAddress()).isNull();
                s.setReadTimeout(PATIENCE);
            }
            int[] sizes = {0, 1, 1024, 0, 7};
            for (int size : sizes) {
                a.write(ByteBuffer.wrap(Bytes.random(size, size)));
                b.send(ByteBuffer.wrap(Bytes.random(size, -size)), null);
            }
            ByteBuffer in = ByteBuffer.allocate(2048);
            for (int size : sizes) {
                in.clear();
                Received r = b.receive(in);
                assertThat(r.length()).isEqualTo(size);
                assertThat(r.sender()).isNull();
                assertThat(Arrays.copyOf(in.array(), size)).isEqualTo(Bytes.random(size, size));
                in.clear();
                assertThat(a.read(in)).isEqualTo(size);
                assertThat(Arrays.copyOf(in.array(), size)).isEqualTo(Bytes.random(size, -size));
            }
        }
        assertThat(listing()).isEmpty();
    }

    // ---- the socket file ---------------------------------------------------------------------

    private SocketFileCases files() {
        return new SocketFileCases(this, SocketKind.DATAGRAM);
    }

    @Test
    @RequiresCapability(DATAGRAM)
    void datagramFileIsCreatedOnBindAndRemovedOnClose() throws Exception {
        files().fileIsCreatedOnBindAndRemovedOnClose();
    }

    @Test
    @RequiresCapability(DATAGRAM)
    void datagramBindReplacesAStaleFile() throws Exception {
        files().staleFileIsReplaced();
    }

    @Test
    @RequiresCapability(DATAGRAM)
    void datagramBindWithFailPolicyKeepsAStaleFile() throws Exception {
        files().failPolicyKeepsAStaleFile();
    }

    @Test
    @RequiresCapability({DATAGRAM, SEQPACKET})
    void datagramBindLeavesALiveSocketOfAnyTypeAlone() throws Exception {
        files().liveSocketIsLeftAlone(SocketKind.STREAM, SocketKind.SEQPACKET, SocketKind.DATAGRAM);
    }

    @Test
    @RequiresCapability(DATAGRAM)
    void datagramBindOverANonSocketFailsAndKeepsIt() throws Exception {
        files().nonSocketsAreRefusedAndKept();
    }

    @Test
    @RequiresCapability(DATAGRAM)
    void datagramFileNeverHasAWiderModeThanRequested() throws Exception {
        files().modeIsNeverWiderThanRequested(200);
    }

    @Test
    @RequiresCapability(DATAGRAM)
    void closingADatagramSocketLeavesALaterSocketsFileAlone() throws Exception {
        files().closeRemovesOnlyItsOwnFile();
    }

    @Test
    @RequiresCapability(DATAGRAM)
    void allowedUidsAreRefusedForADatagramSocket() throws Exception {
        assertThatThrownBy(() -> UnixSockets.bindDatagram(address("uids.sock"),
                BindOptions.defaults().allowedUids(0)).close())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("uids.sock");
        assertThat(listing()).isEmpty();
    }
}
