package io.github.uds4j.cli;

import io.github.uds4j.Received;
import io.github.uds4j.UnixSocketAddress;
import io.github.uds4j.UnixSocketBackend;
import io.github.uds4j.UnixSocketCapability;
import io.github.uds4j.UnixSocketType;
import io.github.uds4j.UnixSockets;
import java.util.EnumSet;
import java.util.Set;

/** Where {@code connect} and {@code listen} get their sockets, and what they say of descriptors. */
final class Sockets {
    private Sockets() {}

    /**
     * Returns the provider for a socket of {@code type} at {@code address} that can also see
     * descriptors arriving ({@code FD_PASSING}), so that they can be reported and closed; where
     * none may be used (a forced provider without it), the provider {@code UnixSockets} routes
     * such a socket to.
     *
     * @throws UnsupportedOperationException if no provider may make such a socket, naming what
     *     is missing
     */
    static UnixSocketBackend backendFor(UnixSocketAddress address, UnixSocketType type) {
        Set<UnixSocketCapability> needed = Args.needs(address, type);
        Set<UnixSocketCapability> seeing = EnumSet.copyOf(needed);
        seeing.add(UnixSocketCapability.FD_PASSING);
        try {
            return UnixSockets.backendWith(seeing.toArray(new UnixSocketCapability[0]));
        } catch (UnsupportedOperationException e) {
            return UnixSockets.backendWith(needed.toArray(new UnixSocketCapability[0]));
        }
    }

    /** Returns whether sockets of {@code backend} can see the descriptors that arrive. */
    static boolean seesDescriptors(UnixSocketBackend backend) {
        return backend.capabilities().contains(UnixSocketCapability.FD_PASSING);
    }

    /**
     * Says on standard error how many descriptors came with {@code r}, received with {@code
     * maxDescriptors} 0: the provider closed them all as they arrived.
     */
    static void reportDescriptors(Received r, Io io) {
        int n = r.droppedDescriptors();
        if (n > 0) {
            io.notice("received " + n + " file descriptor" + (n == 1 ? "" : "s"));
        }
    }
}
