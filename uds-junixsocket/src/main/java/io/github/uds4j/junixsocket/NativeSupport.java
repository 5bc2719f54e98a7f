package io.github.uds4j.junixsocket;

import io.github.uds4j.UnixSocketCapability;
import io.github.uds4j.spi.Availability;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import org.newsclub.net.unix.AFSocket;
import org.newsclub.net.unix.AFSocketCapability;
import org.newsclub.net.unix.AFUNIXSocket;

/**
 * Loads junixsocket's native library, once per JVM, and remembers the outcome: whether it works,
 * why not, what it can do and which library was loaded. The first class of this module that
 * names junixsocket types; nothing reaches it before {@link JunixsocketProvider#availability()}.
 */
final class NativeSupport {
    private static final Object LOCK = new Object();
    /** Null until the first check; never reset: a failure is not retried. */
    private static Availability availability;
    private static Set<UnixSocketCapability> capabilities = Collections.emptySet();
    private static String library;
    private static String version;

    private NativeSupport() {}

    /** Loads the library on the first call and returns the outcome; never throws. */
    static Availability availability() {
        synchronized (LOCK) {
            if (availability == null) {
                availability = load();
            }
            return availability;
        }
    }

    /** Returns the capabilities; empty unless {@link #availability()} said available. */
    static Set<UnixSocketCapability> capabilities() {
        availability();
        synchronized (LOCK) {
            return capabilities;
        }
    }

    private static Availability load() {
        try {
            // Loads the native library (NativeUnixSocket's static initialiser), or says why not.
            AFSocket.ensureSupported();
            if (!AFUNIXSocket.isSupported()) {
                return Availability.unavailable("junixsocket does not support Unix domain sockets"
                        + " on " + JunixsocketProvider.platform(), null);
            }
            EnumSet<UnixSocketCapability> caps = EnumSet.of(UnixSocketCapability.NATIVE_LIBRARY);
            if (AFSocket.supports(AFSocketCapability.CAPABILITY_NATIVE_SOCKETPAIR)) {
                caps.add(UnixSocketCapability.NATIVE_SOCKETPAIR);
            }
            if (AFSocket.supports(AFSocketCapability.CAPABILITY_PEER_CREDENTIALS)) {
                caps.add(UnixSocketCapability.PEER_CREDENTIALS);
                if (reportsPeerPid()) {
                    caps.add(UnixSocketCapability.PEER_PID);
                }
            }
            if (AFSocket.supports(AFSocketCapability.CAPABILITY_ABSTRACT_NAMESPACE)) {
                caps.add(UnixSocketCapability.ABSTRACT_NAMESPACE);
            }
            if (AFSocket.supports(AFSocketCapability.CAPABILITY_UNIX_DATAGRAMS)) {
                caps.add(UnixSocketCapability.DATAGRAM);
            }
            boolean fds = AFSocket.supports(AFSocketCapability.CAPABILITY_FILE_DESCRIPTORS);
            if (fds) {
                caps.add(UnixSocketCapability.FD_PASSING);
            }
            if (Seqpackets.supported()) {
                // junixsocket's stream classes on a seqpacket descriptor, and its native code
                // reached for what they lack (see Seqpackets)
                caps.add(UnixSocketCapability.SEQPACKET);
            }
            capabilities = Collections.unmodifiableSet(caps);
            library = AFSocket.getLoadedLibrary();
            version = AFSocket.getVersion();
            return Availability.available();
        } catch (LinkageError | RuntimeException e) {
            return Availability.unavailable(JunixsocketProvider.reasonFor(e), e);
        }
    }

    /**
     * Whether junixsocket fills in the peer's pid: from {@code SO_PEERCRED} on Linux and {@code
     * LOCAL_PEEREPID} on macOS. Elsewhere it may be missing, so it is not promised.
     */
    private static boolean reportsPeerPid() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        return os.startsWith("linux") || os.startsWith("mac");
    }

    /** Backs {@link JunixsocketProvider#nativeLibraryInfo()}. */
    static String describe() {
        Availability a = availability();
        String name = JunixsocketProvider.NAME;
        if (!a.isAvailable()) {
            return name + ": not loaded: " + a.reason();
        }
        String lib;
        String ver;
        synchronized (LOCK) {
            lib = library;
            ver = version;
        }
        StringBuilder b = new StringBuilder(name);
        if (ver != null) {
            b.append(' ').append(ver);
        }
        b.append(": loaded ").append(lib != null ? lib : "its native library");
        String file = mappedLibraryFile();
        if (file != null) {
            b.append(" from ").append(file);
        }
        return b.toString();
    }

    /**
     * Finds the file the library was loaded from in {@code /proc/self/maps} (Linux). junixsocket
     * extracts the library to a temporary file and removes it after loading; the kernel then
     * shows the name with {@code (deleted)}.
     *
     * @return the file, or null where the JVM cannot tell
     */
    private static String mappedLibraryFile() {
        Path maps = Paths.get("/proc/self/maps");
        if (!Files.isReadable(maps)) {
            return null;
        }
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                Files.newInputStream(maps), Charset.forName("UTF-8")))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                int slash = line.indexOf('/');
                if (slash < 0) {
                    continue;
                }
                String file = line.substring(slash);
                if (file.contains("junixsocket-native")) {
                    String deleted = " (deleted)";
                    return file.endsWith(deleted)
                            ? file.substring(0, file.length() - deleted.length())
                                    + " (extracted; removed after loading)"
                            : file;
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return null;
    }
}
