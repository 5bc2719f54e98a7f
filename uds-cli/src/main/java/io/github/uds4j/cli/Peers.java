package io.github.uds4j.cli;

import io.github.uds4j.PeerCredentials;
import io.github.uds4j.UnixSocket;
import io.github.uds4j.UnixSocketAddress;
import java.io.IOException;

/** Says who is at the other end of a connection, as far as the provider can tell. */
final class Peers {
    private Peers() {}

    /**
     * Returns {@code pid=1234 uid=1000 gid=1000} (without the pid where the provider cannot tell
     * it), else the peer's address, else the empty string: the tutorial's Python server printed
     * the empty address of an unnamed client.
     */
    static String describe(UnixSocket s) {
        try {
            PeerCredentials c = s.getPeerCredentials();
            if (c != null) {
                return c.toString();
            }
        } catch (IOException | UnsupportedOperationException e) {
            // the provider cannot tell: fall back to the address
        }
        UnixSocketAddress remote = s.getRemoteAddress();
        return remote == null ? "" : remote.toString();
    }
}
