/**
 * The junixsocket provider (JNI, Java 8+). Requires both of junixsocket's modules: the API
 * ({@code org.newsclub.net.unix}) and the one holding the native libraries, which junixsocket
 * finds by reflection and so does not require itself; without this, neither would be resolved
 * for an application that requires only {@code io.github.uds4j}. The native library is loaded
 * by {@code org.newsclub.net.unix}: on Java 24+ that module is the one to name in {@code
 * --enable-native-access}.
 */
module io.github.uds4j.junixsocket {
    requires io.github.uds4j;
    requires org.newsclub.net.unix;
    requires com.kohlschutter.junixsocket.nativecommon;

    // JunixsocketProvider.nativeLibraryInfo(), for diagnostics such as `uds info`.
    exports io.github.uds4j.junixsocket;

    provides io.github.uds4j.spi.UnixSocketProvider
            with io.github.uds4j.junixsocket.JunixsocketProvider;
}
