/**
 * The provider on java.lang.foreign (Java 22+). On the module path, {@code
 * --enable-native-access=io.github.uds4j.ffm} keeps Java 24+ from warning when it first calls
 * libc. The descriptor is compiled for Java 9 like the others, so that a Java older than 22 can
 * still resolve the module and report the provider as "requires Java 22".
 */
module io.github.uds4j.ffm {
    requires io.github.uds4j;

    exports io.github.uds4j.ffm;

    provides io.github.uds4j.spi.UnixSocketProvider
            with io.github.uds4j.ffm.FfmProvider;
}
