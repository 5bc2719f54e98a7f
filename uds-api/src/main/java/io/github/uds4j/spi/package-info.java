/**
 * The service provider interface: what a backend implements so that {@link
 * io.github.uds4j.UnixSockets} can find it with {@link java.util.ServiceLoader} and give it the
 * raw socket work. Applications do not use this package.
 *
 * <p>uds4j's backends are {@code jdk16} (uds-jdk16, the JDK's channels, Java 16+), {@code ffm}
 * (uds-ffm, {@code java.lang.foreign}, Java 22+) and {@code junixsocket} (uds-junixsocket, JNI,
 * Java 8+). Start at {@link io.github.uds4j.spi.UnixSocketProvider}.
 *
 * <p><b>Version policy:</b> this package is uds4j's SPI, for people who write a provider. Methods
 * added to it in a minor version have a default (documented with {@code @implSpec}) so that an
 * existing provider keeps compiling and working; a provider may need changes in a new major
 * version.
 */
package io.github.uds4j.spi;
