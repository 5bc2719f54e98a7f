package io.github.uds4j.cli.bench;

import io.github.uds4j.internal.ProviderSupport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.newsclub.net.unix.AFSocket;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXServerSocketChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.newsclub.net.unix.AFUNIXSocketChannel;

/**
 * junixsocket's own API, the baseline for the junixsocket provider: its socket's streams
 * ({@code AFUNIXSocket.getInputStream/getOutputStream}) and its channel's {@code
 * read/write(ByteBuffer)}; for datagrams, two {@code AFUNIXDatagramChannel}s connected to each
 * other with {@code read/write(ByteBuffer)}. Made only when the junixsocket provider is available, so that this
 * class, which links junixsocket, is not loaded otherwise.
 */
final class JunixRawTransport extends Transport {
    JunixRawTransport() {
        super("junixsocket raw", "junixsocket", Kind.RAW,
                "junixsocket's AFUNIXSocket streams and AFUNIXSocketChannel; AFUNIXDatagramChannel");
    }

    @Override
    Link open(Style style, Path dir, String id) throws IOException {
        Path path = dir.resolve(id);
        AFUNIXSocketAddress address = AFUNIXSocketAddress.of(path);
        AFUNIXSocketChannel client = null;
        AFUNIXSocketChannel server = null;
        try (AFUNIXServerSocketChannel listener = AFUNIXServerSocketChannel.open()) {
            listener.bind(address, 1);
            client = AFUNIXSocketChannel.open();
            client.connect(address);
            server = listener.accept();
            return new Link(end(client), end(server));
        } catch (IOException | RuntimeException | Error e) {
            ProviderSupport.closeAfterFailure(client, e);
            ProviderSupport.closeAfterFailure(server, e);
            throw e;
        } finally {
            Files.deleteIfExists(path);
        }
    }

    private static Link.End end(AFUNIXSocketChannel c) throws IOException {
        AFSocket<?> socket = c.socket();
        return new Link.SimpleEnd(socket.getInputStream(), socket.getOutputStream(), c, c);
    }

    @Override
    boolean datagramRows() {
        return true;
    }

    @Override
    String datagramsLacking() {
        return null;
    }

    /**
     * Two channels, each bound to a path and connected to the other's, as junixsocket's users
     * make them ({@code AFUNIXSocketPair.openDatagram()} leaks two descriptors per pair in
     * 2.11.1). The paths are removed once connected, which a connected pair no longer needs.
     */
    @Override
    DatagramLink openDatagrams(Path dir, String id) throws IOException {
        Path senderPath = dir.resolve(id + "-s");
        Path receiverPath = dir.resolve(id + "-r");
        AFUNIXDatagramChannel sender = null;
        AFUNIXDatagramChannel receiver = null;
        try {
            sender = AFUNIXDatagramChannel.open();
            receiver = AFUNIXDatagramChannel.open();
            for (AFUNIXDatagramChannel c : new AFUNIXDatagramChannel[] {sender, receiver}) {
                c.setDeleteOnClose(false);
            }
            sender.bind(AFUNIXSocketAddress.of(senderPath));
            receiver.bind(AFUNIXSocketAddress.of(receiverPath));
            sender.connect(AFUNIXSocketAddress.of(receiverPath));
            receiver.connect(AFUNIXSocketAddress.of(senderPath));
            return new DatagramLink(sender, receiver);
        } catch (IOException | RuntimeException | Error e) {
            ProviderSupport.closeAfterFailure(sender, e);
            ProviderSupport.closeAfterFailure(receiver, e);
            throw e;
        } finally {
            Files.deleteIfExists(senderPath);
            Files.deleteIfExists(receiverPath);
        }
    }
}
