/**
 * The service provider interface: what a backend implements so that {@link
 * io.github.uds4j.UnixSockets} can find it with {@link java.util.ServiceLoader} and give it the
 * raw socket work. Applications do not use this package.
 *
 * <p>uds4j's backends are {@code jdk16} (uds-jdk16, the JDK's channels, Java 16+), {@code ffm}
 * (uds-ffm, {@code java.lang.foreign}, Java 22+) and {@code junixsocket} (uds-junixsocket, JNI,
 * Java 8+). Start at {@link io.github.uds4j.spi.UnixSocketProvider}.
 *
 * <p><b>Version policy:</b> this package is uds4j's SPI, for people who write a provider. From
 * 1.0 on, a method added to it in a minor version has a default, documented with
 * {@code @implSpec}, so an existing provider keeps compiling and working; a provider may need
 * changes in a new major version. Before 1.0, a minor version may change it. A provider may use
 * {@code io.github.uds4j.internal} only if it is released with uds4j itself.
 */
package io.github.uds4j.spi;
