package io.github.uds4j;

/**
 * What a provider can do beyond the operations every provider supports. Query a provider with
 * {@link UnixSockets#capabilities()} or read each one's in {@link UnixSockets#report()}.
 *
 * <p>A feature a provider lacks fails with an {@link UnsupportedOperationException} that names
 * the capability, never silently.
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
    /** The provider can bind and connect Linux abstract-namespace names (not used by the API yet). */
    ABSTRACT_NAMESPACE,
    /** The provider runs native code of its own (a JNI library it extracts and loads). */
    NATIVE_LIBRARY
}
