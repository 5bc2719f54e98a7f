package io.github.uds4j;

/**
 * What a provider can do beyond the operations every provider supports. Query a provider with
 * {@link UnixSockets#capabilities()} or read each one's in {@link UnixSockets#report()}.
 *
 * <p>A feature a provider lacks fails with an {@link UnsupportedOperationException} that names
 * the capability, never silently. The static methods of {@link UnixSockets} route an operation
 * that the chosen provider cannot do to a provider that can (see there).
 */
public enum UnixSocketCapability {
    /** {@link UnixSockets#openPair()} uses the kernel's {@code socketpair(2)}. */
    NATIVE_SOCKETPAIR,
    /**
     * {@link UnixSockets#openPair()} is emulated: a listener in a fresh private directory, one
     * connect, one accept, the directory removed before the pair is returned.
     */
    EMULATED_SOCKETPAIR,
    /** {@link UnixSocket#getPeerCredentials()} reports the peer's numeric user and group ids. */
    PEER_CREDENTIALS,
    /** {@link UnixSocket#getPeerCredentials()} also reports the peer's process id. */
    PEER_PID,
    /**
     * The provider binds and connects Linux abstract-namespace names ({@link
     * UnixSocketAddress#ofAbstract(String)}).
     */
    ABSTRACT_NAMESPACE,
    /** The provider has datagram sockets ({@link UnixDatagramSocket}, {@code SOCK_DGRAM}). */
    DATAGRAM,
    /**
     * The provider has connection-oriented sockets that keep message boundaries ({@link
     * UnixSocketType#SEQPACKET}, {@code SOCK_SEQPACKET}).
     */
    SEQPACKET,
    /**
     * The provider sends and receives open file descriptors ({@code SCM_RIGHTS}): {@link
     * UnixSocket#send(java.nio.ByteBuffer, Descriptor...)}, {@link
     * UnixSocket#receive(java.nio.ByteBuffer, int)} and the datagram equivalents.
     */
    FD_PASSING,
    /** The provider runs native code of its own (a JNI library it extracts and loads). */
    NATIVE_LIBRARY
}
