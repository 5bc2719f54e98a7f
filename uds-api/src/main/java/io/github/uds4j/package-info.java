/**
 * Unix domain sockets for Java 8 and newer: the API applications program against.
 *
 * <p>{@link io.github.uds4j.UnixSockets} opens stream, {@code SEQPACKET} and datagram sockets,
 * listening sockets and socket pairs with the provider chosen for this JVM; {@link
 * io.github.uds4j.UnixSocketAddress} names a socket by path or, on Linux, by abstract name; {@link
 * io.github.uds4j.BindOptions} says what happens to the socket file; {@link
 * io.github.uds4j.UnixSocketFactory} hands Unix domain sockets to clients that take a {@link
 * javax.net.SocketFactory}. What a provider can do is told by {@link
 * io.github.uds4j.UnixSocketCapability}; {@link io.github.uds4j.UnixSockets#report()} says which
 * providers were found and why each was chosen or rejected.
 *
 * <p><b>Version policy:</b> this package is uds4j's API. From 1.0 on, its public types and
 * members keep working as documented within a major version: nothing is removed or changed
 * incompatibly, only added. Before 1.0, a minor version (0.x) may change it, and {@code
 * CHANGELOG.md} says how.
 */
package io.github.uds4j;
