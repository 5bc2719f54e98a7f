package io.github.uds4j.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.uds4j.UnixServerSocket;
import io.github.uds4j.UnixSocket;
import io.github.uds4j.UnixSocketAddress;
import io.github.uds4j.UnixSocketFactory;
import io.github.uds4j.UnixSockets;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.SocketFactory;
import org.junit.jupiter.api.Test;

/**
 * {@link UnixSocket#asSocket()} and {@link UnixSocketFactory}: a {@code java.net.Socket} that
 * libraries written for TCP can use, with its streams, read timeout, half-close and state.
 */
public abstract class SocketViewContract extends ContractTestBase {

    private Link link(String name) throws Exception {
        return Link.open(address(name), threads);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] readExactly(InputStream in, int n) throws IOException {
        byte[] b = new byte[n];
        int off = 0;
        while (off < n) {
            int got = in.read(b, off, n - off);
            if (got < 0) {
                throw new java.io.EOFException("end of stream after " + off + " of " + n);
            }
            off += got;
        }
        return b;
    }

    @Test
    void streamsCarryBytesBothWays() throws Exception {
        try (Link c = link("view.sock"); Socket view = c.client.asSocket()) {
            view.getOutputStream().write(ascii("ping"));
            view.getOutputStream().flush();
            assertThat(readExactly(c.peer.getInputStream(), 4)).isEqualTo(ascii("ping"));
            c.peer.getOutputStream().write(ascii("pong"));
            assertThat(readExactly(view.getInputStream(), 4)).isEqualTo(ascii("pong"));
            byte[] big = Bytes.random(1 << 20, 5);
            Future<byte[]> back =
                    threads.submit(() -> readExactly(c.peer.getInputStream(), big.length));
            view.getOutputStream().write(big);
            assertThat(Bytes.sha256(back.get(30, TimeUnit.SECONDS))).isEqualTo(Bytes.sha256(big));
        }
    }

    @Test
    void soTimeoutMakesReadTimeOutAndSocketStaysUsable() throws Exception {
        try (Link c = link("sotimeout.sock"); Socket view = c.client.asSocket()) {
            view.setSoTimeout(200);
            assertThat(view.getSoTimeout()).isEqualTo(200);
            assertThat(c.client.getReadTimeout()).isEqualTo(Duration.ofMillis(200));
            long start = System.nanoTime();
            assertThatThrownBy(() -> view.getInputStream().read())
                    .isInstanceOf(SocketTimeoutException.class);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
                    .isGreaterThanOrEqualTo(100);
            assertThat(view.isClosed()).isFalse();
            c.peer.getOutputStream().write(ascii("after"));
            assertThat(readExactly(view.getInputStream(), 5)).isEqualTo(ascii("after"));
            view.setSoTimeout(0);
            assertThat(c.client.getReadTimeout()).isEqualTo(Duration.ZERO);
            assertThatThrownBy(() -> view.setSoTimeout(-1))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void shutdownOutputLetsPeerReadEndOfStream() throws Exception {
        try (Link c = link("shut.sock"); Socket view = c.client.asSocket()) {
            view.getOutputStream().write(ascii("last"));
            view.shutdownOutput();
            assertThat(view.isOutputShutdown()).isTrue();
            assertThat(Bytes.readAll(c.peer.getInputStream())).isEqualTo(ascii("last"));
            assertThatThrownBy(view::getOutputStream).isInstanceOf(SocketException.class);
            c.peer.getOutputStream().write(ascii("reply"));
            c.peer.close();
            assertThat(Bytes.readAll(view.getInputStream())).isEqualTo(ascii("reply"));
        }
    }

    @Test
    void shutdownInputMakesReadsReturnEndOfStream() throws Exception {
        try (Link c = link("shutin.sock"); Socket view = c.client.asSocket()) {
            InputStream in = view.getInputStream();
            view.shutdownInput();
            assertThat(view.isInputShutdown()).isTrue();
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    @Test
    void closeClosesTheSocketAndIsIdempotent() throws Exception {
        try (Link c = link("close.sock")) {
            Socket view = c.client.asSocket();
            assertThat(view.isConnected()).isTrue();
            assertThat(view.isBound()).isTrue();
            assertThat(view.isClosed()).isFalse();
            assertThat(view.getRemoteSocketAddress()).isEqualTo(c.server.getLocalAddress());
            view.close();
            view.close();
            assertThat(view.isClosed()).isTrue();
            assertThat(view.isConnected()).as("stays true after close, as for TCP").isTrue();
            assertThat(c.client.isOpen()).isFalse();
            assertThat(c.peer.getInputStream().read()).isEqualTo(-1);
            assertThatThrownBy(view::getInputStream).isInstanceOf(SocketException.class);
            assertThatThrownBy(() -> view.setSoTimeout(10)).isInstanceOf(SocketException.class);
        }
    }

    @Test
    void closingAStreamClosesTheView() throws Exception {
        try (Link c = link("streamclose.sock")) {
            Socket view = c.client.asSocket();
            view.getInputStream().close();
            assertThat(view.isClosed()).isTrue();
            assertThat(c.peer.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void tcpOptionsAreAcceptedAndIgnored() throws Exception {
        try (Link c = link("tcp.sock"); Socket view = c.client.asSocket()) {
            view.setTcpNoDelay(true);
            view.setKeepAlive(true);
            view.setSoLinger(true, 5);
            view.setReceiveBufferSize(64 * 1024);
            view.setSendBufferSize(64 * 1024);
            view.setTrafficClass(0x10);
            view.setReuseAddress(true);
            view.setOOBInline(true);
            view.setPerformancePreferences(0, 1, 2);
            assertThat(view.getReceiveBufferSize()).isPositive();
            assertThat(view.getSendBufferSize()).isPositive();
            view.getTcpNoDelay();
            view.getKeepAlive();
            view.getSoLinger();
            view.getOutputStream().write(7);
            assertThat(c.peer.getInputStream().read()).isEqualTo(7);
        }
    }

    @Test
    void factorySocketConnectsToItsPathWhateverAddressItIsGiven() throws Exception {
        UnixSocketAddress address = address("factory.sock");
        try (UnixServerSocket server = UnixSockets.bind(address)) {
            SocketFactory factory = new UnixSocketFactory(address.toString());
            try (Socket s = factory.createSocket()) {
                assertThat(s.isConnected()).isFalse();
                assertThat(s.isClosed()).isFalse();
                // what drivers do before connecting
                s.setTcpNoDelay(true);
                s.setKeepAlive(true);
                s.setSoTimeout(5000);
                s.connect(new InetSocketAddress("localhost", 5432), 1000);
                assertThat(s.isConnected()).isTrue();
                assertThat(s.getSoTimeout()).isEqualTo(5000);
                assertThat(s.getRemoteSocketAddress()).isEqualTo(address);
                try (UnixSocket peer = server.accept()) {
                    s.getOutputStream().write(ascii("hello"));
                    assertThat(readExactly(peer.getInputStream(), 5)).isEqualTo(ascii("hello"));
                    peer.getOutputStream().write(ascii("there"));
                    assertThat(readExactly(s.getInputStream(), 5)).isEqualTo(ascii("there"));
                }
                assertThatThrownBy(() -> s.connect(new InetSocketAddress("localhost", 1)))
                        .isInstanceOf(SocketException.class);
            }
        }
    }

    @Test
    void factorySocketsFromHostAndPortAreConnected() throws Exception {
        UnixSocketAddress address = address("factory2.sock");
        try (UnixServerSocket server = UnixSockets.bind(address)) {
            UnixSocketFactory factory = new UnixSocketFactory(address);
            assertThat(factory.getAddress()).isEqualTo(address);
            try (Socket a = factory.createSocket("ignored", 1);
                    UnixSocket peerA = server.accept();
                    Socket b = factory.createSocket(InetAddress.getLoopbackAddress(), 2);
                    UnixSocket peerB = server.accept()) {
                assertThat(a.isConnected()).isTrue();
                assertThat(b.isConnected()).isTrue();
                a.getOutputStream().write(1);
                b.getOutputStream().write(2);
                assertThat(peerA.getInputStream().read()).isEqualTo(1);
                assertThat(peerB.getInputStream().read()).isEqualTo(2);
            }
        }
    }

    @Test
    void factorySocketWithNobodyListeningFailsToConnect() throws Exception {
        SocketFactory factory = new UnixSocketFactory(address("nobody.sock"));
        try (Socket s = factory.createSocket()) {
            assertThatThrownBy(() -> s.connect(new InetSocketAddress("localhost", 5432), 1000))
                    .isInstanceOf(IOException.class);
            assertThat(s.isConnected()).isFalse();
        }
        assertThatThrownBy(() -> factory.createSocket("localhost", 5432))
                .isInstanceOf(IOException.class);
    }

    @Test
    void closedFactorySocketCannotConnect() throws Exception {
        UnixSocketAddress address = address("closed-factory.sock");
        try (UnixServerSocket server = UnixSockets.bind(address)) {
            Socket s = new UnixSocketFactory(address).createSocket();
            s.close();
            assertThat(s.isClosed()).isTrue();
            assertThatThrownBy(() -> s.connect(new InetSocketAddress("localhost", 1), 1000))
                    .isInstanceOf(SocketException.class);
        }
    }
}
