/**
 * The provider on the JDK's own channels (Java 16+). Requires {@code jdk.net} for the peer
 * credentials ({@code SO_PEERCRED}): on the module path nothing else would resolve it, and
 * {@code getPeerCredentials()} would fail without {@code --add-modules jdk.net}.
 */
module io.github.uds4j.jdk16 {
    requires io.github.uds4j;
    requires jdk.net;

    exports io.github.uds4j.jdk16;

    provides io.github.uds4j.spi.UnixSocketProvider
            with io.github.uds4j.jdk16.Jdk16Provider;
}
