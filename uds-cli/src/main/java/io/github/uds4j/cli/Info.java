package io.github.uds4j.cli;

import io.github.uds4j.ProviderInfo;
import io.github.uds4j.ProviderReport;
import io.github.uds4j.ProviderUnavailableException;
import io.github.uds4j.UnixSocketCapability;
import io.github.uds4j.UnixSockets;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.Charset;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/** {@code uds info}: the Java running, the providers found, the one chosen, and why. */
final class Info implements Command {
    /** The junixsocket provider, asked about its native library by reflection only. */
    static final String JUNIXSOCKET_PROVIDER = "io.github.uds4j.junixsocket.JunixsocketProvider";
    /** Its public static method that describes the native library, in one line. */
    static final String NATIVE_LIBRARY_METHOD = "nativeLibraryInfo";
    /** The ffm provider, which calls libc through java.lang.foreign (Java 22+). */
    static final String FFM_PROVIDER = "io.github.uds4j.ffm.FfmProvider";
    /** The junixsocket class that loads its JNI library: its module is the one that needs access. */
    static final String JUNIXSOCKET_LOADER = "org.newsclub.net.unix.NativeLibraryLoader";

    /**
     * The native providers, each with the class whose module needs native access and the Java
     * release from which the JVM restricts (warns about) what it does: FFM's restricted methods
     * from 22 (JEP 454), loading a JNI library from 24 (JEP 472).
     */
    private static final Object[][] NATIVE = {
        {JUNIXSOCKET_PROVIDER, JUNIXSOCKET_LOADER, 24, "JNI"},
        {FFM_PROVIDER, FFM_PROVIDER, 22, "java.lang.foreign"},
    };

    /** The kinds of socket {@code info} says the provider of, and what each needs. */
    private static final Object[][] KINDS = {
        {"stream sockets", new UnixSocketCapability[0]},
        {"datagram sockets", new UnixSocketCapability[] {UnixSocketCapability.DATAGRAM}},
        {"seqpacket sockets", new UnixSocketCapability[] {UnixSocketCapability.SEQPACKET}},
        {"abstract names", new UnixSocketCapability[] {UnixSocketCapability.ABSTRACT_NAMESPACE}},
        {"descriptor passing", new UnixSocketCapability[] {UnixSocketCapability.FD_PASSING}},
    };

    @Override
    public String name() {
        return "info";
    }

    @Override
    public String synopsis() {
        return "info";
    }

    @Override
    public String summary() {
        return "show the Java running, the providers found and the one chosen, and why";
    }

    @Override
    public String description() {
        return "Prints the Java version and vendor, the provider chosen and why, and every\n"
                + "provider found: whether it can work here and if not why, its priority and its\n"
                + "capabilities; for junixsocket also whether its native library loaded and from\n"
                + "where; for junixsocket and ffm whether native access is enabled (Java 22+: else\n"
                + "the JVM warns when they first call native code). Then which provider each kind of socket goes to (\"used for\"): stream\n"
                + "sockets to the chosen one; datagram and seqpacket sockets, abstract names and\n"
                + "descriptor passing to the chosen one if it can, else to the available provider\n"
                + "of highest priority that can, unless --provider forces one (then \"none\" and\n"
                + "why). This asks every provider, so it loads junixsocket's native library even\n"
                + "when another provider is chosen. Exits with status 1 when no provider can work.";
    }

    @Override
    public Options options() {
        return new Options();
    }

    @Override
    public int run(CommandLine line, Io io) throws Exception {
        Args.none(line);
        // Before the report: asking the providers loads native code, and a JVM that warns
        // about it then enables native access for the module, so asking later would say yes.
        Map<String, String> nativeAccess = new HashMap<String, String>();
        for (Object[] n : NATIVE) {
            String status = nativeAccess((String) n[1], (Integer) n[2], (String) n[3]);
            if (status != null) {
                nativeAccess.put((String) n[0], status);
            }
        }
        ProviderReport report = UnixSockets.report();
        String dash = canEncode(io, '\u2014') ? "\u2014" : "-";
        StringBuilder b = new StringBuilder();
        b.append("uds4j ").append(Version.get()).append('\n');
        b.append("java: ").append(System.getProperty("java.version")).append(" (")
                .append(System.getProperty("java.vendor")).append(", ")
                .append(System.getProperty("java.vm.name")).append(") at ")
                .append(System.getProperty("java.home")).append('\n');
        b.append("os: ").append(System.getProperty("os.name")).append(' ')
                .append(System.getProperty("os.version")).append(" (")
                .append(System.getProperty("os.arch")).append(")\n");
        String forced = System.getProperty(Main.PROVIDER_PROPERTY);
        if (forced != null) {
            b.append("requested: ").append(Main.PROVIDER_PROPERTY).append('=').append(forced)
                    .append('\n');
        }
        ProviderInfo chosen = report.chosen();
        b.append("provider: ").append(chosen == null ? "none" : chosen.name()).append(' ')
                .append(dash).append(' ').append(report.reason()).append('\n');
        b.append("providers found:").append(report.candidates().isEmpty() ? " none\n" : "\n");
        for (ProviderInfo p : report.candidates()) {
            b.append("  ").append(p.name()).append(": ")
                    .append(p.isAvailable() ? "available" : "unavailable " + dash + " " + p.reason())
                    .append('\n');
            b.append("    class: ").append(p.className());
            if (p.priority() != Integer.MIN_VALUE) {
                b.append(", priority ").append(p.priority());
            }
            b.append('\n');
            if (p.isAvailable()) {
                b.append("    capabilities: ").append(capabilities(p)).append('\n');
            }
            if (JUNIXSOCKET_PROVIDER.equals(p.className())) {
                b.append("    native library: ").append(nativeLibrary()).append('\n');
            }
            String access = nativeAccess.get(p.className());
            if (access != null) {
                b.append("    native access: ").append(access).append('\n');
            }
        }
        if (chosen != null) {
            b.append("used for:\n");
            for (Object[] kind : KINDS) {
                b.append("  ").append(kind[0]).append(": ")
                        .append(route(dash, (UnixSocketCapability[]) kind[1])).append('\n');
            }
        }
        io.out.print(b);
        io.out.flush();
        if (chosen == null) {
            io.err.println("uds info: no usable provider: " + report.reason());
            io.err.flush();
            return Main.FAILURE;
        }
        return Main.OK;
    }

    /**
     * Returns the name of the provider that {@code UnixSockets} gives what needs {@code
     * capabilities}, or {@code none} and why.
     */
    static String route(String dash, UnixSocketCapability... capabilities) {
        try {
            return UnixSockets.backendWith(capabilities).name();
        } catch (UnsupportedOperationException | ProviderUnavailableException e) {
            return "none " + dash + " " + Errors.describe(e);
        }
    }

    private static String capabilities(ProviderInfo p) {
        if (p.capabilities().isEmpty()) {
            return "none beyond the basics";
        }
        StringBuilder b = new StringBuilder();
        for (Iterator<UnixSocketCapability> it = p.capabilities().iterator(); it.hasNext(); ) {
            b.append(it.next()).append(it.hasNext() ? ", " : "");
        }
        return b.toString();
    }

    /**
     * Asks junixsocket's provider about its native library, by reflection so that this class
     * does not link junixsocket's classes when another provider is in use.
     */
    static String nativeLibrary() {
        try {
            Class<?> c = Class.forName(JUNIXSOCKET_PROVIDER, false, Info.class.getClassLoader());
            Method m = c.getMethod(NATIVE_LIBRARY_METHOD);
            if (!Modifier.isStatic(m.getModifiers())) {
                return "unknown (" + JUNIXSOCKET_PROVIDER + "." + NATIVE_LIBRARY_METHOD
                        + " is not static)";
            }
            return String.valueOf(m.invoke(null));
        } catch (InvocationTargetException e) {
            return "unknown (" + e.getCause() + ")";
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return "unknown (" + e + ")";
        }
    }

    /**
     * Says whether the module of {@code className} has native access: {@code
     * Module.isNativeAccessEnabled()}, asked by reflection (this class is Java 8 bytecode)
     * without initialising the class; null if the class cannot be loaded here (ffm's classes
     * below Java 22). {@code restrictedFrom} is the Java release from which the JVM warns
     * about the provider's {@code kind} of native call unless access is enabled.
     */
    static String nativeAccess(String className, int restrictedFrom, String kind) {
        Class<?> c;
        try {
            c = Class.forName(className, false, Info.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
        int feature = javaFeature();
        if (feature < 22) {
            return "not restricted on Java " + System.getProperty("java.version");
        }
        try {
            Object module = Class.class.getMethod("getModule").invoke(c);
            boolean enabled = (Boolean) module.getClass().getMethod("isNativeAccessEnabled")
                    .invoke(module);
            if (enabled) {
                return "enabled";
            }
            boolean named = (Boolean) module.getClass().getMethod("isNamed").invoke(module);
            String flag = "--enable-native-access=" + (named
                    ? (String) module.getClass().getMethod("getName").invoke(module)
                    : "ALL-UNNAMED");
            if (feature < restrictedFrom) {
                return "not enabled (no warning before Java " + restrictedFrom + ", where "
                        + kind + " becomes restricted; " + flag + " enables it)";
            }
            return "not enabled: the JVM warns when it first calls native code (" + flag
                    + " enables it)";
        } catch (ReflectiveOperationException | RuntimeException e) {
            return "unknown (" + e + ")";
        }
    }

    /** The feature release of the running Java: 8, 11, 17, 25, ... */
    static int javaFeature() {
        String v = System.getProperty("java.specification.version");
        return Integer.parseInt(v.startsWith("1.") ? v.substring(2) : v);
    }

    private static boolean canEncode(Io io, char c) {
        for (String property : new String[] {"stdout.encoding", "sun.stdout.encoding"}) {
            String name = System.getProperty(property);
            if (name != null && io.out == System.out) {
                try {
                    return Charset.forName(name).newEncoder().canEncode(c);
                } catch (RuntimeException e) {
                    // unknown charset: try the next guess
                }
            }
        }
        return Charset.defaultCharset().newEncoder().canEncode(c);
    }
}
