package io.github.uds4j.contract;

import io.github.uds4j.UnixSocket;
import io.github.uds4j.UnixSocketAddress;
import io.github.uds4j.UnixSockets;

/**
 * A client run in a separate process, as another user, by the permission tests: connects to
 * {@code args[0]} and prints {@code connected} or the exception's class and message on one line.
 */
public final class ConnectProbe {
    private ConnectProbe() {}

    public static void main(String[] args) {
        try (UnixSocket s = UnixSockets.connect(UnixSocketAddress.of(args[0]))) {
            System.out.println("connected via " + s.providerName());
        } catch (Exception e) {
            System.out.println(e.getClass().getName() + ": " + e.getMessage());
        }
    }
}
