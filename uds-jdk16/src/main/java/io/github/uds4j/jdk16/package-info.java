/**
 * The {@code jdk16} provider: Unix domain sockets on the JDK's own channels ({@link
 * java.net.UnixDomainSocketAddress}), for Java 16 and newer, with no native code. Streams, peer
 * credentials (user and group) and socket pairs; see {@link
 * io.github.uds4j.jdk16.Jdk16Provider}.
 *
 * <p>Applications do not use this package: putting the jar on the class path is enough, and
 * {@link io.github.uds4j.UnixSockets} chooses it on Java 16+ (priority 200).
 */
package io.github.uds4j.jdk16;
