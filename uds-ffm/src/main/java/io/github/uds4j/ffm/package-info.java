/**
 * The {@code ffm} provider: Unix domain sockets that call libc through the Foreign Function
 * &amp; Memory API ({@code java.lang.foreign}), for Java 22 and newer on Linux (x86_64, aarch64):
 * every capability, no JNI; see {@link io.github.uds4j.ffm.FfmProvider}.
 *
 * <p>Applications do not use this package: putting the jar on the class path is enough, and
 * {@link io.github.uds4j.UnixSockets} sends it what the JDK's channels cannot do (priority 150).
 * From Java 24 on, run with {@code --enable-native-access} or the JVM warns on first use.
 */
package io.github.uds4j.ffm;
