package io.github.uds4j.cli.bench;

import io.github.uds4j.BindOptions;
import io.github.uds4j.UnixServerSocket;
import io.github.uds4j.UnixSocket;
import io.github.uds4j.UnixSocketAddress;
import io.github.uds4j.UnixSocketBackend;
import io.github.uds4j.internal.ProviderSupport;
import java.io.IOException;
import java.nio.file.Path;

/**
 * uds4j's sockets from one provider, through {@code UnixSockets.backend(name)}, so that both
 * providers can be measured in one JVM with every check a user's bind and connect have; the
 * sockets are the very objects {@code UnixSockets.connect} and {@code UnixServerSocket.accept}
 * hand to users.
 */
final class Uds4jTransport extends Transport {
    private final UnixSocketBackend provider;

    Uds4jTransport(UnixSocketBackend provider) {
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
        try (UnixServerSocket listener = provider.bind(address,
                BindOptions.defaults().backlog(1))) {
            client = provider.connect(address);
            server = listener.accept();
            return new Link(end(client), end(server));
        } catch (IOException | RuntimeException | Error e) {
            ProviderSupport.closeAfterFailure(client, e);
            ProviderSupport.closeAfterFailure(server, e);
            throw e;
        }
    }

    private static Link.End end(UnixSocket s) throws IOException {
        return new Link.SimpleEnd(s.getInputStream(), s.getOutputStream(), s, s);
    }
}
