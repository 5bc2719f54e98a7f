package io.github.uds4j.cli.bench;

import io.github.uds4j.UnixSocket;
import io.github.uds4j.UnixSocketAddress;
import io.github.uds4j.spi.ListeningSocket;
import io.github.uds4j.spi.UnixSocketProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * uds4j's sockets from one provider. Connections are made with the provider's own {@code bind}
 * and {@code connect}, so that both providers can be measured in one JVM; the sockets are the
 * very objects {@code UnixSockets.connect} and {@code UnixServerSocket.accept} hand to users
 * (the facade adds checks and file handling around making a connection, nothing to its data
 * path).
 */
final class Uds4jTransport extends Transport {
    private final UnixSocketProvider provider;

    Uds4jTransport(UnixSocketProvider provider) {
        super("uds4j " + provider.name(), provider.name(), Kind.UDS4J,
                "uds4j's UnixSocket from provider " + provider.name()
                        + ": its streams, and its read/write(ByteBuffer)");
        this.provider = provider;
    }

    @Override
    Link open(Style style, Path dir, String id) throws IOException {
        Path path = dir.resolve(id);
        UnixSocketAddress address = UnixSocketAddress.of(path);
        UnixSocket client = null;
        UnixSocket server = null;
        try (ListeningSocket listener = provider.bind(address, 1)) {
            client = provider.connect(address, 0);
            server = listener.accept();
            return new Link(end(client), end(server));
        } catch (IOException | RuntimeException | Error e) {
            Link.closeAfterFailure(client, e);
            Link.closeAfterFailure(server, e);
            throw e;
        } finally {
            Files.deleteIfExists(path);
        }
    }

    private static Link.End end(UnixSocket s) throws IOException {
        return new Link.SimpleEnd(s.getInputStream(), s.getOutputStream(), s, s);
    }
}
