package io.github.uds4j.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.uds4j.UnixServerSocket;
import io.github.uds4j.UnixSocket;
import io.github.uds4j.UnixSocketAddress;
import io.github.uds4j.UnixSockets;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Bytes come back as they were sent: through streams, heap and direct buffers, and scattering
 * and gathering calls, for 1 byte, 16 bytes and 10 MiB (compared by digest), in writes smaller
 * and larger than the socket buffer. The server echoes in the same style as the client, and the
 * client half-closes to end the exchange. Buffers are used as the channel contract says.
 */
public abstract class EchoContract extends ContractTestBase {

    @ParameterizedTest
    @EnumSource(IoStyle.class)
    void echoesOneByte(IoStyle style) throws Exception {
        assertEchoes(style, new byte[] {42}, 1);
    }

    @ParameterizedTest
    @EnumSource(IoStyle.class)
    void echoesSixteenBytes(IoStyle style) throws Exception {
        assertEchoes(style, Bytes.random(16, 16), 16);
    }

    @ParameterizedTest
    @EnumSource(IoStyle.class)
    void echoesTenMebibytesUnchanged(IoStyle style) throws Exception {
        assertEchoes(style, Bytes.random(10 << 20, 10), 64 * 1024);
    }

    @ParameterizedTest
    @EnumSource(IoStyle.class)
    void echoesTenMebibytesInOddSizedChunks(IoStyle style) throws Exception {
        assertEchoes(style, Bytes.random(10 << 20, 11), 1000);
    }

    @ParameterizedTest
    @EnumSource(IoStyle.class)
    void echoesTenMebibytesInWritesLargerThanTheSocketBuffer(IoStyle style) throws Exception {
        // 1 MiB writes: more than the kernel takes at once, and than a provider's copy buffer.
        assertEchoes(style, Bytes.random(10 << 20, 14), 1 << 20);
    }

    @Test
    void largeHeapBufferIsWrittenWholeAndKeepsItsLimit() throws Exception {
        try (Link c = Link.open(address("heap.sock"), threads)) {
            byte[] data = Bytes.random(3 << 20, 3);
            ByteBuffer src = ByteBuffer.allocate(data.length + 100);
            src.put(data);
            src.position(0).limit(data.length);
            Future<byte[]> reader = threads.submit(() -> IoStyle.HEAP_BUFFERS.readToEnd(c.peer, 8192));
            assertThat(c.client.write(src)).isEqualTo(data.length);
            assertThat(src.position()).isEqualTo(data.length);
            assertThat(src.limit()).isEqualTo(data.length);
            c.client.shutdownOutput();
            assertThat(Bytes.sha256(reader.get(60, TimeUnit.SECONDS))).isEqualTo(Bytes.sha256(data));
        }
    }

    @Test
    void largeHeapBufferReadKeepsItsLimit() throws Exception {
        try (Link c = Link.open(address("heapread.sock"), threads)) {
            c.peer.getOutputStream().write(new byte[] {1, 2, 3});
            ByteBuffer dst = ByteBuffer.allocate(1 << 20);
            assertThat(c.client.read(dst)).isBetween(1, 3);
            assertThat(dst.limit()).isEqualTo(1 << 20);
        }
    }

    @Test
    void gatheringWriteAndScatteringReadMoveEveryByte() throws Exception {
        UnixSocket[] pair = UnixSockets.openPair();
        try (UnixSocket a = pair[0]; UnixSocket b = pair[1]) {
            byte[] first = new byte[300_000];
            byte[] second = new byte[5];
            byte[] third = new byte[700_000];
            Random random = new Random(7);
            random.nextBytes(first);
            random.nextBytes(second);
            random.nextBytes(third);
            ByteBuffer direct = ByteBuffer.allocateDirect(third.length);
            direct.put(third).flip();
            Future<Long> writer = threads.submit(() -> a.write(new ByteBuffer[] {
                ByteBuffer.wrap(first), ByteBuffer.wrap(second), direct
            }));
            ByteBuffer[] dsts = {
                ByteBuffer.allocate(first.length), ByteBuffer.allocateDirect(second.length),
                ByteBuffer.allocate(third.length)
            };
            long read = 0;
            while (dsts[2].hasRemaining()) { // later reads start with the first buffers full
                long n = b.read(dsts);
                assertThat(n).isPositive();
                read += n;
            }
            long total = first.length + second.length + third.length;
            assertThat(writer.get(60, TimeUnit.SECONDS)).isEqualTo(total);
            assertThat(read).isEqualTo(total);
            assertThat(dsts[0].array()).isEqualTo(first);
            byte[] got = new byte[second.length];
            dsts[1].flip();
            dsts[1].get(got);
            assertThat(got).isEqualTo(second);
            assertThat(dsts[2].array()).isEqualTo(third);
        }
    }

    @ParameterizedTest
    @EnumSource(IoStyle.class)
    void pairCarriesTenMebibytesBothWays(IoStyle style) throws Exception {
        byte[] there = Bytes.random(10 << 20, 12);
        byte[] back = Bytes.random(10 << 20, 13);
        UnixSocket[] pair = UnixSockets.openPair();
        try (UnixSocket a = pair[0]; UnixSocket b = pair[1]) {
            Future<?> aWrites = threads.submit(() -> {
                style.writeAll(a, there, 64 * 1024);
                a.shutdownOutput();
                return null;
            });
            Future<?> bWrites = threads.submit(() -> {
                style.writeAll(b, back, 64 * 1024);
                b.shutdownOutput();
                return null;
            });
            Future<byte[]> aReads = threads.submit(() -> style.readToEnd(a, 8192));
            byte[] atB = style.readToEnd(b, 8192);
            aWrites.get(60, TimeUnit.SECONDS);
            bWrites.get(60, TimeUnit.SECONDS);
            assertThat(Bytes.sha256(atB)).isEqualTo(Bytes.sha256(there));
            assertThat(Bytes.sha256(aReads.get(60, TimeUnit.SECONDS)))
                    .isEqualTo(Bytes.sha256(back));
        }
    }

    private void assertEchoes(IoStyle style, byte[] data, int chunk) throws Exception {
        UnixSocketAddress address = address("echo.sock");
        try (UnixServerSocket server = UnixSockets.bind(address)) {
            Future<Long> echoed = threads.submit(() -> {
                long total = 0;
                try (UnixSocket peer = server.accept()) {
                    byte[] buf = new byte[chunk];
                    int n;
                    while ((n = style.read(peer, buf)) >= 0) {
                        byte[] part = n == buf.length ? buf : java.util.Arrays.copyOf(buf, n);
                        style.writeAll(peer, part, n == 0 ? 1 : n);
                        total += n;
                    }
                }
                return total;
            });
            try (UnixSocket client = UnixSockets.connect(address)) {
                Future<?> writer = threads.submit(() -> {
                    style.writeAll(client, data, chunk);
                    client.shutdownOutput();
                    return null;
                });
                byte[] got = style.readToEnd(client, chunk);
                writer.get(60, TimeUnit.SECONDS);
                assertThat(got.length).isEqualTo(data.length);
                assertThat(Bytes.sha256(got)).isEqualTo(Bytes.sha256(data));
            }
            assertThat(echoed.get(60, TimeUnit.SECONDS)).isEqualTo((long) data.length);
        }
    }
}
