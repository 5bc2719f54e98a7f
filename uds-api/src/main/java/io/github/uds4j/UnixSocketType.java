package io.github.uds4j;

/** The kind of a Unix domain socket, as {@code socket(2)} names it. */
public enum UnixSocketType {
    /** {@code SOCK_STREAM}: a connection carrying a stream of bytes ({@link UnixSocket}). */
    STREAM,
    /**
     * {@code SOCK_DGRAM}: messages to and from any address, boundaries kept ({@link
     * UnixDatagramSocket}). On Linux a Unix datagram is reliable and ordered: a sender waits
     * while the receiver's queue is full.
     */
    DATAGRAM,
    /**
     * {@code SOCK_SEQPACKET}: a connection carrying messages, boundaries kept; listened on,
     * accepted and connected like a stream ({@link UnixSocket} with this type).
     */
    SEQPACKET
}
