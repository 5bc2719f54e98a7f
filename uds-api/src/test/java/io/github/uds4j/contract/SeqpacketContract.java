package io.github.uds4j.contract;

import static io.github.uds4j.UnixSocketCapability.FD_PASSING;
import static io.github.uds4j.UnixSocketCapability.SEQPACKET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.uds4j.BindOptions;
import io.github.uds4j.MessageTruncatedException;
import io.github.uds4j.Received;
import io.github.uds4j.UnixServerSocket;
import io.github.uds4j.UnixSocket;
import io.github.uds4j.UnixSocketAddress;
import io.github.uds4j.UnixSocketType;
import io.github.uds4j.UnixSockets;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.file.FileSystemException;
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
 * {@code SOCK_SEQPACKET} connections ({@link UnixSocketType#SEQPACKET}): every write is one
 * message and every read takes one whole, from 0 bytes to 64 KiB; truncation is reported; the end
 * of the connection and half-close work as on streams; a stream and a seqpacket socket never
 * connect to each other; and a seqpacket server's socket file is handled as a stream server's
 * ({@link SocketFileCases}).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
public abstract class SeqpacketContract extends ContractTestBase {
    private static final int[] SIZES = {0, 1, 1024, 65536};

    /** The ways a message is written and read: each write sends one, each read takes one. */
    public enum Way {
        HEAP_BUFFERS, DIRECT_BUFFERS, STREAMS;

        void write(UnixSocket s, byte[] message) throws IOException {
            switch (this) {
                case STREAMS:
                    s.getOutputStream().write(message);
                    return;
                case DIRECT_BUFFERS:
                    ByteBuffer d = ByteBuffer.allocateDirect(message.length);
                    d.put(message).flip();
                    assertThat(s.write(d)).isEqualTo(message.length);
                    return;
                default:
                    assertThat(s.write(ByteBuffer.wrap(message))).isEqualTo(message.length);
            }
        }

        /** Reads one message into {@code into}: its length, or -1 at the end. */
        int read(UnixSocket s, byte[] into) throws IOException {
            switch (this) {
                case STREAMS:
                    return s.getInputStream().read(into, 0, into.length);
                case DIRECT_BUFFERS:
                    ByteBuffer d = ByteBuffer.allocateDirect(into.length);
                    try {
                        int n = s.read(d);
                        copy(d, into);
                        return n;
                    } catch (MessageTruncatedException e) {
                        copy(d, into);
                        throw e;
                    }
                default:
                    return s.read(ByteBuffer.wrap(into));
            }
        }

        private static void copy(ByteBuffer d, byte[] into) {
            d.flip();
            d.get(into, 0, d.remaining());
        }
    }

    private Link link(String name) throws Exception {
        Link link = Link.open(address(name), UnixSocketType.SEQPACKET, threads);
        link.client.setReadTimeout(Duration.ofSeconds(30));
        link.peer.setReadTimeout(Duration.ofSeconds(30));
        return link;
    }

    /** Writes each size back to back from {@code from}, then reads each whole on {@code to}. */
    private static void assertBoundariesKept(Way way, UnixSocket from, UnixSocket to, long seed)
            throws IOException {
        for (int size : SIZES) {
            way.write(from, Bytes.random(size, seed + size));
        }
        byte[] in = new byte[65536 + 1];
        for (int size : SIZES) {
            assertThat(way.read(to, in)).as("message of " + size + " bytes").isEqualTo(size);
            assertThat(Arrays.copyOf(in, size)).isEqualTo(Bytes.random(size, seed + size));
        }
    }

    @ParameterizedTest
    @EnumSource(Way.class)
    @RequiresCapability(SEQPACKET)
    void boundariesAreKeptBothWays(Way way) throws Exception {
        try (Link l = link("b.sock")) {
            assertThat(l.client.type()).isEqualTo(UnixSocketType.SEQPACKET);
            assertThat(l.peer.type()).isEqualTo(UnixSocketType.SEQPACKET);
            assertBoundariesKept(way, l.client, l.peer, 1);
            assertBoundariesKept(way, l.peer, l.client, 2);
        }
    }

    @ParameterizedTest
    @EnumSource(Way.class)
    @RequiresCapability(SEQPACKET)
    void pairOfTypeSeqpacketKeepsBoundaries(Way way) throws Exception {
        UnixSocket[] pair = UnixSockets.openPair(UnixSocketType.SEQPACKET);
        try (UnixSocket a = pair[0]; UnixSocket b = pair[1]) {
            for (UnixSocket s : pair) {
                assertThat(s.type()).isEqualTo(UnixSocketType.SEQPACKET);
                assertThat(s.getLocalAddress()).isNull();
                assertThat(s.getRemoteAddress()).isNull();
                s.setReadTimeout(Duration.ofSeconds(30));
            }
            assertBoundariesKept(way, a, b, 3);
            assertBoundariesKept(way, b, a, 4);
        }
        assertThat(listing()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Way.class)
    @RequiresCapability(SEQPACKET)
    void readThrowsMessageTruncatedAndKeepsWhatFits(Way way) throws Exception {
        try (Link l = link("t.sock")) {
            byte[] data = Bytes.random(100, 5);
            way.write(l.client, data);
            way.write(l.client, Arrays.copyOf(data, 10));
            way.write(l.client, Arrays.copyOf(data, 4));
            byte[] small = new byte[10];
            Throwable t = catchThrowable(() -> way.read(l.peer, small));
            assertThat(t).isInstanceOf(MessageTruncatedException.class);
            assertThat(((MessageTruncatedException) t).kept()).isEqualTo(10);
            assertThat(small).isEqualTo(Arrays.copyOf(data, 10));
            Arrays.fill(small, (byte) 0);
            assertThat(way.read(l.peer, small)).as("exact fit").isEqualTo(10);
            assertThat(small).isEqualTo(Arrays.copyOf(data, 10));
            assertThat(way.read(l.peer, small)).isEqualTo(4);
        }
    }

    @Test
    @RequiresCapability(SEQPACKET)
    void channelReadLeavesTheBufferPastTheBytesThatFit() throws Exception {
        try (Link l = link("p.sock")) {
            l.client.write(ByteBuffer.wrap(Bytes.random(100, 6)));
            ByteBuffer small = ByteBuffer.allocate(16);
            small.position(6); // room for 10
            assertThatThrownBy(() -> l.peer.read(small))
                    .isInstanceOf(MessageTruncatedException.class);
            assertThat(small.position()).isEqualTo(16);
        }
    }

    @Test
    @RequiresCapability({SEQPACKET, FD_PASSING})
    void receiveReportsLengthTruncationAndTheEnd() throws Exception {
        try (Link l = link("r.sock")) {
            byte[] data = Bytes.random(100, 7);
            for (int size : new int[] {0, 1, 100, 10}) {
                l.client.send(ByteBuffer.wrap(data, 0, size));
            }
            ByteBuffer in = ByteBuffer.allocate(10);
            for (int size : new int[] {0, 1}) {
                in.clear();
                Received r = l.peer.receive(in);
                assertThat(r.length()).isEqualTo(size);
                assertThat(r.isTruncated()).isFalse();
                assertThat(r.isEndOfStream()).as("an empty message is not the end").isFalse();
                assertThat(r.sender()).isNull();
            }
            in.clear();
            Received cut = l.peer.receive(in);
            assertThat(cut.length()).isEqualTo(10);
            assertThat(cut.isTruncated()).isTrue();
            assertThat(Arrays.copyOf(in.array(), 10)).isEqualTo(Arrays.copyOf(data, 10));
            in.clear();
            Received exact = l.peer.receive(in);
            assertThat(exact.length()).isEqualTo(10);
            assertThat(exact.isTruncated()).as("exact fit").isFalse();
            l.client.close();
            in.clear();
            assertThat(l.peer.receive(in).isEndOfStream()).isTrue();
        }
    }

    @Test
    @RequiresCapability(SEQPACKET)
    void gatheringWriteIsOneMessageAndScatteringReadTakesOne() throws Exception {
        try (Link l = link("g.sock")) {
            ByteBuffer direct = ByteBuffer.allocateDirect(4);
            direct.put(new byte[] {4, 5, 6, 7}).flip();
            assertThat(l.client.write(new ByteBuffer[] {ByteBuffer.wrap(new byte[] {1, 2, 3}),
                    direct})).isEqualTo(7);
            l.client.write(ByteBuffer.wrap(new byte[] {8}));
            ByteBuffer first = ByteBuffer.allocate(2);
            ByteBuffer second = ByteBuffer.allocateDirect(10);
            assertThat(l.peer.read(new ByteBuffer[] {first, second})).isEqualTo(7);
            assertThat(second.position()).isEqualTo(5);
            ByteBuffer next = ByteBuffer.allocate(10);
            assertThat(l.peer.read(next)).isEqualTo(1);
            assertThat(next.get(0)).isEqualTo((byte) 8);
        }
    }

    @ParameterizedTest
    @EnumSource(Way.class)
    @RequiresCapability(SEQPACKET)
    void emptyMessageIsNotTheEndAndCloseIs(Way way) throws Exception {
        try (Link l = link("e.sock")) {
            way.write(l.client, new byte[0]);
            way.write(l.client, new byte[] {42});
            l.client.close();
            byte[] in = new byte[8];
            assertThat(way.read(l.peer, in)).as("empty message").isEqualTo(0);
            assertThat(way.read(l.peer, in)).isEqualTo(1);
            assertThat(in[0]).isEqualTo((byte) 42);
            assertThat(way.read(l.peer, in)).as("end of the connection").isEqualTo(-1);
            assertThat(way.read(l.peer, in)).as("and it stays there").isEqualTo(-1);
        }
    }

    @Test
    @RequiresCapability(SEQPACKET)
    void halfCloseWorksBothWays() throws Exception {
        try (Link l = link("h.sock")) {
            l.client.write(ByteBuffer.wrap(new byte[] {1, 2}));
            l.client.shutdownOutput();
            assertThatThrownBy(() -> l.client.write(ByteBuffer.wrap(new byte[] {3})))
                    .isInstanceOf(ClosedChannelException.class);
            ByteBuffer in = ByteBuffer.allocate(8);
            assertThat(l.peer.read(in)).isEqualTo(2);
            in.clear();
            assertThat(l.peer.read(in)).isEqualTo(-1);
            // The other direction still works, until the server shuts it down too.
            l.peer.write(ByteBuffer.wrap(new byte[] {4, 5, 6}));
            in.clear();
            assertThat(l.client.read(in)).isEqualTo(3);
            l.peer.shutdownOutput();
            in.clear();
            assertThat(l.client.read(in)).isEqualTo(-1);
            assertThat(l.client.isOpen()).isTrue();
        }
        try (Link l = link("h2.sock")) {
            l.peer.shutdownOutput();
            ByteBuffer in = ByteBuffer.allocate(8);
            assertThat(l.client.read(in)).isEqualTo(-1);
            l.client.write(ByteBuffer.wrap(new byte[] {9}));
            assertThat(l.peer.read(in)).isEqualTo(1);
        }
    }

    @Test
    @RequiresCapability(SEQPACKET)
    void shutdownInputMakesReadsReturnTheEnd() throws Exception {
        try (Link l = link("i.sock")) {
            l.peer.shutdownInput();
            assertThat(l.peer.read(ByteBuffer.allocate(8))).isEqualTo(-1);
        }
    }

    @Test
    @RequiresCapability(SEQPACKET)
    void streamAndSeqpacketSocketsNeverConnectToEachOther() throws Exception {
        UnixSocketAddress seqpacket = address("seqpacket.sock");
        UnixSocketAddress stream = address("stream.sock");
        try (UnixServerSocket s = UnixSockets.bind(seqpacket, UnixSocketType.SEQPACKET,
                BindOptions.defaults()); UnixServerSocket t = UnixSockets.bind(stream)) {
            assertThatThrownBy(() -> UnixSockets.connect(seqpacket).close())
                    .isInstanceOf(FileSystemException.class)
                    .hasMessageContaining(seqpacket.toString())
                    .hasMessageContaining("another type");
            assertThatThrownBy(() -> UnixSockets.connect(stream, UnixSocketType.SEQPACKET).close())
                    .isInstanceOf(FileSystemException.class)
                    .hasMessageContaining(stream.toString())
                    .hasMessageContaining("another type");
            SocketKind.SEQPACKET.assertServes(s, seqpacket, threads);
        }
    }

    @Test
    @RequiresCapability(SEQPACKET)
    void readTimesOutAndSocketStaysUsable() throws Exception {
        try (Link l = link("to.sock")) {
            l.peer.setReadTimeout(Duration.ofMillis(200));
            long start = System.nanoTime();
            assertThatThrownBy(() -> l.peer.read(ByteBuffer.allocate(8)))
                    .isInstanceOf(SocketTimeoutException.class);
            assertThat(System.nanoTime() - start)
                    .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(150));
            l.client.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
            assertThat(l.peer.read(ByteBuffer.allocate(8))).isEqualTo(3);
        }
    }

    @Test
    @RequiresCapability(SEQPACKET)
    void closeFromAnotherThreadWakesABlockedRead() throws Exception {
        try (Link l = Link.open(address("c.sock"), UnixSocketType.SEQPACKET, threads)) {
            Future<Integer> reading = Threads.submitAndAwaitBlocked(threads,
                    () -> l.peer.read(ByteBuffer.allocate(8)));
            l.peer.close();
            assertThatThrownBy(() -> reading.get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(ClosedChannelException.class);
        }
    }

    // ---- the socket file ---------------------------------------------------------------------

    private SocketFileCases files() {
        return new SocketFileCases(this, SocketKind.SEQPACKET);
    }

    @Test
    @RequiresCapability(SEQPACKET)
    void seqpacketFileIsCreatedOnBindAndRemovedOnClose() throws Exception {
        files().fileIsCreatedOnBindAndRemovedOnClose();
    }

    @Test
    @RequiresCapability(SEQPACKET)
    void seqpacketBindReplacesAStaleFile() throws Exception {
        files().staleFileIsReplaced();
    }

    @Test
    @RequiresCapability(SEQPACKET)
    void seqpacketBindWithFailPolicyKeepsAStaleFile() throws Exception {
        files().failPolicyKeepsAStaleFile();
    }

    @Test
    @RequiresCapability({SEQPACKET, io.github.uds4j.UnixSocketCapability.DATAGRAM})
    void seqpacketBindLeavesALiveSocketOfAnyTypeAlone() throws Exception {
        files().liveSocketIsLeftAlone(SocketKind.STREAM, SocketKind.SEQPACKET, SocketKind.DATAGRAM);
    }

    @Test
    @RequiresCapability(SEQPACKET)
    void seqpacketBindOverANonSocketFailsAndKeepsIt() throws Exception {
        files().nonSocketsAreRefusedAndKept();
    }

    @Test
    @RequiresCapability(SEQPACKET)
    void seqpacketFileNeverHasAWiderModeThanRequested() throws Exception {
        files().modeIsNeverWiderThanRequested(200);
    }

    @Test
    @RequiresCapability(SEQPACKET)
    void closingASeqpacketServerLeavesALaterServersFileAlone() throws Exception {
        files().closeRemovesOnlyItsOwnFile();
    }
}
