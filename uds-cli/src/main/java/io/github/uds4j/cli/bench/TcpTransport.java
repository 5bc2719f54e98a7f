package io.github.uds4j.cli.bench;

import io.github.uds4j.internal.ProviderSupport;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * Java's TCP over the loopback interface, for comparison: {@code java.net.Socket} streams for
 * {@code byte[]}, {@code SocketChannel} for buffers. {@code TCP_NODELAY} is on at both ends, as
 * for any request-response protocol, so that small writes are sent at once.
 */
final class TcpTransport extends Transport {
    TcpTransport() {
        super("tcp loopback", "tcp", Kind.TCP,
                "java.net.Socket streams and SocketChannel over 127.0.0.1, TCP_NODELAY");
    }

    @Override
    Link open(Style style, Path dir, String id) throws IOException {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        if (style == Style.STREAM) {
            Socket client = null;
            Socket server = null;
            try (ServerSocket listener = new ServerSocket(0, 1, loopback)) {
                client = new Socket(loopback, listener.getLocalPort());
                server = listener.accept();
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                return new Link(end(client), end(server));
            } catch (IOException | RuntimeException | Error e) {
                ProviderSupport.closeAfterFailure(client, e);
                ProviderSupport.closeAfterFailure(server, e);
                throw e;
            }
        }
        SocketChannel client = null;
        SocketChannel server = null;
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            listener.bind(new InetSocketAddress(loopback, 0), 1);
            client = SocketChannel.open(listener.getLocalAddress());
            server = listener.accept();
            client.setOption(StandardSocketOptions.TCP_NODELAY, Boolean.TRUE);
            server.setOption(StandardSocketOptions.TCP_NODELAY, Boolean.TRUE);
            return new Link(end(client), end(server));
        } catch (IOException | RuntimeException | Error e) {
            ProviderSupport.closeAfterFailure(client, e);
            ProviderSupport.closeAfterFailure(server, e);
            throw e;
        }
    }

    private static Link.End end(Socket s) throws IOException {
        return new Link.SimpleEnd(s.getInputStream(), s.getOutputStream(), null, s);
    }

    private static Link.End end(SocketChannel c) {
        return new Link.SimpleEnd(null, null, c, c);
    }
}
