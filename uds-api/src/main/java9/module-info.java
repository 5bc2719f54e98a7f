/**
 * uds4j's API and provider SPI. An application {@code requires io.github.uds4j} and nothing else:
 * the providers on the module path (io.github.uds4j.jdk16, io.github.uds4j.ffm,
 * io.github.uds4j.junixsocket) are found through {@code uses}, and each requires what it needs.
 * Compiled for Java 9 into META-INF/versions/9 of a multi-release jar; the classes stay Java 8.
 */
module io.github.uds4j {
    exports io.github.uds4j;
    exports io.github.uds4j.spi;
    // Shared by uds4j's own modules only: not API, may change in any release.
    exports io.github.uds4j.internal to
            io.github.uds4j.junixsocket,
            io.github.uds4j.jdk16,
            io.github.uds4j.ffm,
            io.github.uds4j.cli;

    uses io.github.uds4j.spi.UnixSocketProvider;
}
