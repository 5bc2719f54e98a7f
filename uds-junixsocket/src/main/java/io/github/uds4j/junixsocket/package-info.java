/**
 * The {@code junixsocket} provider: Unix domain sockets on junixsocket (JNI), for Java 8 and
 * newer, with every capability; see {@link io.github.uds4j.junixsocket.JunixsocketProvider}.
 *
 * <p>Applications do not use this package: putting the jar (and junixsocket) on the class path
 * is enough, and {@link io.github.uds4j.UnixSockets} uses it where no provider of higher priority
 * can work (priority 100). From Java 24 on, the JVM warns when it loads junixsocket's native
 * library unless native access is enabled.
 */
package io.github.uds4j.junixsocket;
