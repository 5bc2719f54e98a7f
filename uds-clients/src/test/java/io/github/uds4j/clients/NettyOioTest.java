package io.github.uds4j.clients;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.uds4j.UnixServerSocket;
import io.github.uds4j.UnixSocket;
import io.github.uds4j.UnixSocketAddress;
import io.github.uds4j.UnixSockets;
import io.github.uds4j.contract.Bytes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.oio.OioEventLoopGroup;
import io.netty.channel.socket.oio.OioSocketChannel;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Netty 4.2 over a uds4j socket, on any provider and any Java from 8 up, through Netty's OIO
 * transport (deprecated in Netty 4.2, still shipped in {@code netty-transport}): {@code
 * OioSocketChannel} takes a connected {@code java.net.Socket}, here {@link UnixSocket#asSocket()}.
 * The peer is a uds4j server that reads a whole request (a 4-byte length, then the bytes) before
 * it answers with the same bytes. (OIO reads and writes in the channel's one thread, so a peer
 * that echoes while the client is still writing a large message would wait for the client, and
 * the client for it: with OIO the protocol must let a write finish before the reply comes, as
 * request/response protocols do.)
 */
@ExtendWith(ForcedProvider.class)
@SuppressWarnings("deprecation") // OIO is deprecated in Netty 4.2
class NettyOioTest {

    /** Collects what the channel reads and completes when {@code expected} bytes came. */
    private static final class Collect extends SimpleChannelInboundHandler<ByteBuf> {
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        final CompletableFuture<byte[]> done = new CompletableFuture<byte[]>();
        private final int expected;

        Collect(int expected) {
            this.expected = expected;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) {
            byte[] b = new byte[msg.readableBytes()];
            msg.readBytes(b);
            received.write(b, 0, b.length);
            if (received.size() >= expected) {
                done.complete(received.toByteArray());
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            done.completeExceptionally(cause);
            ctx.close();
        }
    }

    @Test
    @Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
    void oioChannelOverAUds4jSocketSendsAndReceives64KiB() throws Exception {
        Path dir = Files.createTempDirectory(Paths.get("/tmp"), "uds4j-netty");
        UnixSocketAddress address = UnixSocketAddress.of(dir.resolve("echo.sock"));
        ExecutorService serverThread = Executors.newSingleThreadExecutor();
        EventLoopGroup group = new OioEventLoopGroup();
        try (UnixServerSocket server = UnixSockets.bind(address)) {
            Future<Integer> echoed = serverThread.submit(() -> answerOne(server));
            byte[] data = Bytes.random(1 << 16, 97);
            Collect collect = new Collect(data.length);
            // readme:start
            UnixSocket unix = UnixSockets.connect(address, Duration.ofSeconds(2));
            Socket socket = unix.asSocket();
            OioSocketChannel channel = new OioSocketChannel(socket);
            // OIO's thread polls reads with this timeout and runs writes between polls.
            channel.config().setSoTimeout(50);
            channel.pipeline().addLast(collect);
            group.register(channel).sync();
            // readme:end
            assertThat(channel.isActive()).isTrue();
            channel.writeAndFlush(Unpooled.buffer(4).writeInt(data.length)).sync();
            channel.writeAndFlush(Unpooled.wrappedBuffer(data)).sync();
            byte[] back = collect.done.get(30, TimeUnit.SECONDS);
            assertThat(Bytes.sha256(back)).isEqualTo(Bytes.sha256(data));
            channel.close().sync();
            assertThat(echoed.get(30, TimeUnit.SECONDS)).isEqualTo(data.length);
            assertThat(socket.isClosed()).as("closing the channel closes the socket").isTrue();
        } finally {
            group.shutdownGracefully(0, 5, TimeUnit.SECONDS).sync();
            serverThread.shutdownNow();
            Files.deleteIfExists(dir.resolve("echo.sock"));
            Files.deleteIfExists(dir);
        }
    }

    /**
     * Accepts one connection, reads one request (a length, then that many bytes), answers with
     * the bytes and waits for the client to close; returns the request's length.
     */
    private static int answerOne(UnixServerSocket server) throws IOException {
        try (UnixSocket peer = server.accept()) {
            DataInputStream in = new DataInputStream(peer.getInputStream());
            byte[] request = new byte[in.readInt()];
            in.readFully(request);
            peer.getOutputStream().write(request);
            assertThat(in.read()).as("the client's close").isEqualTo(-1);
            return request.length;
        }
    }
}
