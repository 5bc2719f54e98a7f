package io.github.uds4j.cli.bench;

import io.github.uds4j.internal.ProviderSupport;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The JDK's own Unix domain socket channels (Java 16+), the baseline for the jdk16 provider:
 * {@code SocketChannel.read/write(ByteBuffer)}, and for {@code byte[]} streams the JDK's
 * {@code Channels.newInputStream/newOutputStream} over the channel.
 *
 * <p>This module is compiled for Java 8, so the three Java 16 calls that make a connection
 * ({@code StandardProtocolFamily.UNIX}, {@code SocketChannel.open(ProtocolFamily)} and its
 * server twin, {@code UnixDomainSocketAddress.of(Path)}) are looked up by reflection once.
 * Everything that moves bytes is the plain Java 8 signature of {@code SocketChannel}, called
 * directly.
 */
final class JdkRawTransport extends Transport {
    private final ProtocolFamily unix;
    private final Method openClient;
    private final Method openServer;
    private final Method addressOf;

    private JdkRawTransport(ProtocolFamily unix, Method openClient, Method openServer,
            Method addressOf) {
        super("jdk16 raw", "jdk16", Kind.RAW,
                "the JDK's SocketChannel of the UNIX family; streams from java.nio.channels.Channels");
        this.unix = unix;
        this.openClient = openClient;
        this.openServer = openServer;
        this.addressOf = addressOf;
    }

    /** Returns the transport, or null where the JDK has no Unix domain socket channels. */
    static JdkRawTransport createOrNull() {
        try {
            ProtocolFamily unix = StandardProtocolFamily.valueOf("UNIX");
            Method openClient = SocketChannel.class.getMethod("open", ProtocolFamily.class);
            Method openServer = ServerSocketChannel.class.getMethod("open", ProtocolFamily.class);
            Method addressOf = Class.forName("java.net.UnixDomainSocketAddress")
                    .getMethod("of", Path.class);
            return new JdkRawTransport(unix, openClient, openServer, addressOf);
        } catch (IllegalArgumentException | ReflectiveOperationException | LinkageError e) {
            return null; // before Java 16
        }
    }

    @Override
    Link open(Style style, Path dir, String id) throws IOException {
        Path path = dir.resolve(id);
        SocketAddress address = (SocketAddress) invoke(addressOf, path);
        SocketChannel client = null;
        SocketChannel server = null;
        try (ServerSocketChannel listener = (ServerSocketChannel) invoke(openServer, unix)) {
            listener.bind(address, 1);
            client = (SocketChannel) invoke(openClient, unix);
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

    private static Link.End end(SocketChannel c) {
        return new Link.SimpleEnd(Channels.newInputStream(c), Channels.newOutputStream(c), c, c);
    }

    private static Object invoke(Method m, Object argument) throws IOException {
        try {
            return m.invoke(null, argument);
        } catch (InvocationTargetException e) {
            Throwable t = e.getCause();
            if (t instanceof IOException) {
                throw (IOException) t;
            }
            if (t instanceof RuntimeException) {
                throw (RuntimeException) t;
            }
            if (t instanceof Error) {
                throw (Error) t;
            }
            throw new IOException(t);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
