package io.github.uds4j.cli.bench;

import io.github.uds4j.BindOptions;
import io.github.uds4j.UnixDatagramSocket;
import io.github.uds4j.UnixServerSocket;
import io.github.uds4j.UnixSocket;
import io.github.uds4j.UnixSocketAddress;
import io.github.uds4j.UnixSocketBackend;
import io.github.uds4j.UnixSocketCapability;
import io.github.uds4j.internal.ProviderSupport;
import java.io.IOException;
import java.nio.file.Path;

/**
 * uds4j's sockets from one provider, through {@code UnixSockets.backend(name)}, so that every
 * provider can be measured in one JVM with every check a user's bind and connect have; the
 * sockets are the very objects {@code UnixSockets.connect}, {@code UnixServerSocket.accept} and
 * {@code UnixSockets.openDatagramPair} hand to users.
 */
final class Uds4jTransport extends Transport {
    private final UnixSocketBackend provider;

    Uds4jTransport(UnixSocketBackend provider) {
        super("uds4j " + provider.name(), provider.name(), Kind.UDS4J,
                "uds4j's UnixSocket from provider " + provider.name()
                        + ": its streams, and its read/write(ByteBuffer)"
                        + (provider.capabilities().contains(UnixSocketCapability.DATAGRAM)
                                ? "; UnixDatagramSocket pairs" : "")
                        + (ownApi(provider.name()) ? ""
                                : "; ratios to the JDK's channel (streams) and to junixsocket's"
                                        + " (datagrams), as it has no API of its own"));
        this.provider = provider;
    }

    /** Whether the provider's backend has an API of its own, measured as a raw row. */
    private static boolean ownApi(String name) {
        return name.equals("jdk16") || name.equals("junixsocket");
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

    @Override
    boolean datagramRows() {
        return true;
    }

    @Override
    String datagramsLacking() {
        return provider.capabilities().contains(UnixSocketCapability.DATAGRAM) ? null
                : provider.name() + " lacks DATAGRAM";
    }

    /** A pair from {@code openDatagramPair()}: the two ends of a {@code socketpair(2)}. */
    @Override
    DatagramLink openDatagrams(Path dir, String id) throws IOException {
        UnixDatagramSocket[] pair = provider.openDatagramPair();
        return new DatagramLink(pair[0], pair[1]);
    }

    /**
     * The backend's own raw API; for a provider without one (ffm), the JDK's channel for
     * streams and junixsocket's for datagrams, the ones it competes with.
     */
    @Override
    String baselineBackend(boolean datagrams) {
        if (ownApi(backend)) {
            return backend;
        }
        return datagrams ? "junixsocket" : "jdk16";
    }
}
