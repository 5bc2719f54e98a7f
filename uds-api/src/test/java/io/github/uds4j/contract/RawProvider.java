package io.github.uds4j.contract;

import io.github.uds4j.UnixSocketAddress;
import io.github.uds4j.UnixSockets;
import io.github.uds4j.spi.ListeningSocket;
import io.github.uds4j.spi.UnixSocketProvider;
import java.io.IOException;
import java.util.ServiceLoader;

/**
 * The chosen provider's raw SPI, for tests that must leave a socket file behind as a killed
 * server would, or check what a provider alone does. Users never reach it: {@link UnixSockets}
 * hands out only {@link io.github.uds4j.UnixSocketBackend}.
 */
public final class RawProvider {
    private RawProvider() {}

    /** Returns the provider {@link UnixSockets#backend()} uses. */
    public static UnixSocketProvider chosen() {
        String name = UnixSockets.backend().name();
        for (UnixSocketProvider p : ServiceLoader.load(UnixSocketProvider.class,
                UnixSocketProvider.class.getClassLoader())) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        throw new AssertionError("provider " + name + " not found by ServiceLoader");
    }

    /** Binds the chosen provider's socket right at {@code address}; closing it leaves the file. */
    public static ListeningSocket bindAt(UnixSocketAddress address) throws IOException {
        return chosen().bind(address, address, 1);
    }

    /** Leaves a socket file that nobody serves at {@code address}, as a killed server would. */
    public static void leaveStaleSocket(UnixSocketAddress address) throws IOException {
        bindAt(address).close();
    }
}
