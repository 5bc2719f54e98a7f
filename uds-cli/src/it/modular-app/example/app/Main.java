package example.app;

import io.github.uds4j.PeerCredentials;
import io.github.uds4j.ProviderInfo;
import io.github.uds4j.UnixServerSocket;
import io.github.uds4j.UnixSocket;
import io.github.uds4j.UnixSocketAddress;
import io.github.uds4j.UnixSocketBackend;
import io.github.uds4j.UnixSockets;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What uds-cli's ModulePathIT launches, on the module path (Java 9+) and on the class path
 * (Java 8 too; compiled with --release 8, without module-info): prints which module it runs in,
 * the provider (and with the argument "report" every candidate), then echoes a line over a
 * stream socket and checks the peer credentials on both ends against this process, printing
 * the module of the socket's class. Exits 1 with a "FAILED:" line when the credentials are off,
 * with an exception when anything else fails. Java 8 API only.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws Exception {
        System.out.println("app module: " + moduleOf(Main.class));
        UnixSocketBackend backend = UnixSockets.backend();
        System.out.println("provider: " + backend.name());
        if (args.length > 0 && args[0].equals("report")) {
            // asks every provider, loading each one's native code
            for (ProviderInfo p : UnixSockets.report().candidates()) {
                System.out.println("candidate: " + p.name() + ": "
                        + (p.isAvailable() ? "available " + p.capabilities() : p.reason()));
            }
        }
        Path dir = Files.createTempDirectory("uds4j-app");
        UnixSocketAddress address = UnixSocketAddress.of(dir.resolve("echo.sock"));
        final AtomicReference<PeerCredentials> seenByServer = new AtomicReference<>();
        final AtomicReference<Throwable> serverFailure = new AtomicReference<>();
        try (final UnixServerSocket server = UnixSockets.bind(address)) {
            Thread t = new Thread(() -> {
                try (UnixSocket s = server.accept()) {
                    seenByServer.set(s.getPeerCredentials());
                    BufferedReader in = new BufferedReader(new InputStreamReader(
                            s.getInputStream(), StandardCharsets.UTF_8));
                    OutputStream out = s.getOutputStream();
                    out.write((in.readLine() + "\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                } catch (Throwable e) {
                    serverFailure.set(e);
                }
            });
            t.start();
            String echoed;
            PeerCredentials seenByClient;
            String socketModule;
            try (UnixSocket c = UnixSockets.connect(address)) {
                socketModule = moduleOf(c.getClass());
                Writer w = new OutputStreamWriter(c.getOutputStream(), StandardCharsets.UTF_8);
                w.write("ping over " + c.providerName() + "\n");
                w.flush();
                echoed = new BufferedReader(new InputStreamReader(c.getInputStream(),
                        StandardCharsets.UTF_8)).readLine();
                seenByClient = c.getPeerCredentials();
            } catch (IOException | RuntimeException e) {
                t.join(30_000);
                if (serverFailure.get() != null) {
                    serverFailure.get().addSuppressed(e); // the client saw the server go
                    throw new IOException("server side failed", serverFailure.get());
                }
                throw e;
            }
            t.join(30_000);
            if (serverFailure.get() != null) {
                throw new IOException("server side failed", serverFailure.get());
            }
            System.out.println("socket module: " + socketModule);
            System.out.println("echo: " + echoed);
            check("peer credentials seen by the client", seenByClient);
            check("peer credentials seen by the server", seenByServer.get());
        } finally {
            Files.deleteIfExists(dir.resolve("echo.sock"));
            Files.delete(dir);
        }
    }

    /** The peer is this process: its uid, gid and (where the provider reports one) pid. */
    private static void check(String what, PeerCredentials c) throws IOException {
        Path self = Paths.get("/proc/self");
        long uid = ((Number) Files.getAttribute(self, "unix:uid")).longValue();
        long gid = ((Number) Files.getAttribute(self, "unix:gid")).longValue();
        long pid = Long.parseLong(self.toRealPath().getFileName().toString());
        boolean pidOk = !c.pid().isPresent() || c.pid().getAsLong() == pid;
        if (c.uid() != uid || c.gid() != gid || !pidOk) {
            System.out.println("FAILED: " + what + ": " + c + ", this process: uid " + uid
                    + ", gid " + gid + ", pid " + pid);
            System.exit(1);
        }
        System.out.println(what + ": this process (" + c + ")");
    }

    /** The name of the module of {@code c}, "unnamed", or "none" on Java 8. */
    private static String moduleOf(Class<?> c) {
        try {
            Object module = Class.class.getMethod("getModule").invoke(c);
            Object name = module.getClass().getMethod("getName").invoke(module);
            return name == null ? "unnamed" : name.toString();
        } catch (NoSuchMethodException e) {
            return "none (Java 8)";
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
