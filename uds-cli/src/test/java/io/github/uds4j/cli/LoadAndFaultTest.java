package io.github.uds4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.uds4j.UnixSocket;
import io.github.uds4j.spi.UnixSocketProvider;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The load and fault suite of {@code uds echo-server} (issue 8), on each provider: the server
 * runs as a process of its own ({@link ServerProcess}), the clients run here on the same provider
 * ({@link ProviderByName}), or as processes that are killed. Every scenario ends by itself: each
 * wait is bounded, and the whole scenario too ({@link Timeout}). The figures go to {@link
 * LoadFigures}.
 */
class LoadAndFaultTest {
    private static final int MIB = 1024 * 1024;
    private static final int CLIENTS = 1000;
    private static final int SEQUENTIAL = 10_000;
    private static final long WAIT_MILLIS = TimeUnit.SECONDS.toMillis(Proc.LIMIT_SECONDS);
    /** The read timeout of the clients of a server that is killed. */
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);
    /**
     * Threads a JVM may add on its own while idle (JIT compiler and GC workers come and go); a
     * leak of one thread per connection would be thousands.
     */
    private static final int JVM_THREAD_SLACK = 8;

    /**
     * 1. A thousand clients at once, each sending 1 MiB of random bytes in random-sized writes
     * and reading the echo back: every byte verified by digest, no error, no refused connection.
     */
    @ParameterizedTest
    @ValueSource(strings = {"jdk16", "junixsocket"})
    @Timeout(value = 300)
    void thousandClientsAtOnceGetEveryByteBack(String provider, @TempDir Path dir)
            throws Exception {
        assumeServerCanBeWatched(provider);
        requireOpenFiles(CLIENTS + 512);
        UnixSocketProvider p = ProviderByName.get(provider);
        ServerProcess server = ServerProcess.start(dir, provider, "--stats");
        List<EchoStream> clients = new ArrayList<EchoStream>();
        try {
            requireOpenFiles(server, CLIENTS + 512);
            server.startSampling();
            List<IOException> refused = new ArrayList<IOException>();
            for (int i = 0; i < CLIENTS; i++) {
                try {
                    clients.add(EchoStream.connect(p, server.address, MIB, i));
                } catch (IOException e) {
                    refused.add(e);
                }
            }
            assertThat(refused).as("connections refused").isEmpty();
            server.awaitEchoThreads(CLIENTS); // the server holds all of them at once
            server.sample();

            long start = System.nanoTime();
            for (EchoStream c : clients) {
                c.start();
            }
            awaitAll(clients);
            long nanos = System.nanoTime() - start;
            server.stopSampling();

            assertAllVerified(clients);
            server.awaitEchoThreads(0);
            assertThat(server.proc.err()).as("nothing failed: %s", server.proc).isEmpty();
            long[] stats = stopGracefully(server, dir, 0);
            assertThat(stats[1]).as("most connections at once").isEqualTo(CLIENTS);
            LoadFigures.record(provider, "1: 1000 clients at once, 1 MiB", (int) stats[1],
                    (long) CLIENTS * MIB, nanos, server.peakThreads(), server.peakFds(),
                    "0 errors, 0 refused");
        } finally {
            closeAll(clients);
            server.kill();
        }
    }

    /**
     * 2. Ten thousand connections one after another: the server's open file descriptors return
     * to their number before, and its connection threads to none.
     */
    @ParameterizedTest
    @ValueSource(strings = {"jdk16", "junixsocket"})
    @Timeout(value = 300)
    void tenThousandConnectionsLeaveNoDescriptorOrThread(String provider, @TempDir Path dir)
            throws Exception {
        assumeServerCanBeWatched(provider);
        UnixSocketProvider p = ProviderByName.get(provider);
        ServerProcess server = ServerProcess.start(dir, provider, "--stats");
        try {
            Random random = new Random(2);
            for (int i = 0; i < 200; i++) { // warm-up: classes loaded, code compiled
                exchange(p, server, random);
            }
            server.awaitEchoThreads(0);
            int fdsBefore = server.fds();
            int threadsBefore = server.threads();
            String fdsBeforeSummary = server.fdSummary();

            server.startSampling();
            long start = System.nanoTime();
            long bytes = 0;
            for (int i = 0; i < SEQUENTIAL; i++) {
                bytes += exchange(p, server, random);
            }
            long nanos = System.nanoTime() - start;
            server.awaitEchoThreads(0);
            server.stopSampling();

            boolean back = server.awaitFds(fdsBefore);
            assertThat(back).as("open descriptors back to %d (%s), now %d (%s)", fdsBefore,
                    fdsBeforeSummary, server.fds(), server.fdSummary()).isTrue();
            int threadsAfter = server.threads();
            assertThat(threadsAfter).as("threads before: %d", threadsBefore)
                    .isLessThanOrEqualTo(threadsBefore + JVM_THREAD_SLACK);
            assertThat(server.proc.err()).as("nothing failed: %s", server.proc).isEmpty();
            long[] stats = stopGracefully(server, dir, 0);
            assertThat(stats[0]).as("served").isEqualTo(200 + SEQUENTIAL);
            LoadFigures.record(provider, "2: 10000 connections in a row", (int) stats[1], bytes,
                    nanos,
                    server.peakThreads(), server.peakFds(), "fds " + fdsBefore + " before, "
                            + fdsBefore + " after; threads " + threadsBefore + " before, "
                            + threadsAfter + " after");
        } finally {
            server.kill();
        }
    }

    /**
     * 3. A client process killed with SIGKILL while it sends: the server reports that connection
     * and keeps serving the others, those in the middle of their transfer and new ones.
     */
    @ParameterizedTest
    @ValueSource(strings = {"jdk16", "junixsocket"})
    @Timeout(value = 300)
    void killedClientIsReportedAndTheOthersAreServed(String provider, @TempDir Path dir)
            throws Exception {
        assumeServerCanBeWatched(provider);
        UnixSocketProvider p = ProviderByName.get(provider);
        ServerProcess server = ServerProcess.start(dir, provider, "--stats");
        List<EchoStream> before = new ArrayList<EchoStream>();
        List<EchoStream> after = new ArrayList<EchoStream>();
        Proc killed = null;
        try {
            server.startSampling();
            killed = Proc.start(dir, javaMain(NeverReadingClient.class, provider,
                    server.address.toString()));
            killed.awaitOut("transferring", 1);
            long killedPid = Seed.pid(killed.process);
            for (int i = 0; i < 50; i++) {
                before.add(EchoStream.connect(p, server.address, 4 * MIB, i));
            }
            long start = System.nanoTime();
            for (EchoStream c : before) {
                c.start();
            }
            killed.kill(); // SIGKILL
            server.proc.awaitErrContaining(" failed: ");
            for (int i = 0; i < 50; i++) {
                after.add(EchoStream.connect(p, server.address, 4 * MIB, 1000 + i));
            }
            for (EchoStream c : after) {
                c.start();
            }
            awaitAll(before);
            awaitAll(after);
            long nanos = System.nanoTime() - start;
            server.stopSampling();

            assertAllVerified(before);
            assertAllVerified(after);
            server.awaitEchoThreads(0);
            List<String> err = server.proc.err();
            assertThat(err).as("one report, of the killed client: %s", server.proc).hasSize(1);
            String report = err.get(0);
            assertThat(report).startsWith(ServerProcess.SOCKET + ": connection from ")
                    .contains(" failed: ");
            if (report.contains("pid=")) {
                assertThat(report).contains("pid=" + killedPid + " ");
            }
            long[] stats = stopGracefully(server, dir, 1);
            LoadFigures.record(provider, "3: client killed mid-transfer", (int) stats[1],
                    100L * 4 * MIB, nanos, server.peakThreads(), server.peakFds(),
                    "server reported \"" + report.substring(report.indexOf("failed: ")) + "\"");
        } finally {
            if (killed != null) {
                killed.kill();
            }
            closeAll(before);
            closeAll(after);
            server.kill();
        }
    }

    /**
     * 4. The server process killed with SIGKILL while clients send and read: each client, with a
     * read timeout, gets an {@link IOException} within that timeout; a new server starts on the
     * same path at once, replacing the stale socket file, and serves.
     */
    @ParameterizedTest
    @ValueSource(strings = {"jdk16", "junixsocket"})
    @Timeout(value = 300)
    void killedServerFailsItsClientsAndANewOneTakesItsPlace(String provider, @TempDir Path dir)
            throws Exception {
        assumeServerCanBeWatched(provider);
        UnixSocketProvider p = ProviderByName.get(provider);
        ServerProcess server = ServerProcess.start(dir, provider, "--stats");
        ServerProcess next = null;
        List<EchoStream> cut = new ArrayList<EchoStream>();
        List<EchoStream> served = new ArrayList<EchoStream>();
        UnixSocket idle = null;
        try {
            for (int i = 0; i < 20; i++) {
                EchoStream c = EchoStream.connect(p, server.address, Long.MAX_VALUE, i);
                c.setReadTimeout(READ_TIMEOUT);
                cut.add(c);
                c.start();
            }
            idle = p.connect(server.address, EchoStream.CONNECT_TIMEOUT_MILLIS);
            idle.setReadTimeout(READ_TIMEOUT);
            final UnixSocket idleClient = idle;
            final AtomicLong idleFailedAt = new AtomicLong();
            final IOException[] idleFailure = new IOException[1];
            Thread idleReader = new Thread(new Runnable() {
                @Override
                public void run() {
                    try {
                        if (idleClient.getInputStream().read() < 0) {
                            throw new EOFException("the server closed the connection");
                        }
                    } catch (IOException e) {
                        idleFailure[0] = e;
                    } finally {
                        idleFailedAt.set(System.nanoTime());
                    }
                }
            }, "idle-client");
            idleReader.setDaemon(true);
            idleReader.start();
            server.awaitEchoThreads(21);
            for (EchoStream c : cut) { // mid-transfer: each has had a MiB back
                awaitReceived(c, MIB);
            }

            long killedAt = System.nanoTime();
            server.kill(); // SIGKILL
            long slowest = 0;
            for (EchoStream c : cut) {
                assertThat(c.await(READ_TIMEOUT.toMillis() + WAIT_MILLIS)).isTrue();
                assertThat(c.readFailure()).as("the reading side failed").isInstanceOf(IOException.class);
                long took = c.readFailedAt() - killedAt;
                assertThat(took).as("%s came within the read timeout", c.readFailure())
                        .isLessThanOrEqualTo(READ_TIMEOUT.toNanos());
                slowest = Math.max(slowest, took);
            }
            idleReader.join(READ_TIMEOUT.toMillis() + WAIT_MILLIS);
            assertThat(idleFailure[0]).as("the idle client's read").isInstanceOf(IOException.class);
            assertThat(idleFailedAt.get() - killedAt).isLessThanOrEqualTo(READ_TIMEOUT.toNanos());
            slowest = Math.max(slowest, idleFailedAt.get() - killedAt);
            assertThat(Files.exists(dir.resolve(ServerProcess.SOCKET)))
                    .as("SIGKILL leaves the socket file").isTrue();

            next = ServerProcess.start(dir, provider, "--stats");
            assertThat(next.proc.out()).contains("replaced a stale socket file at "
                    + ServerProcess.SOCKET + " (no server answered on it)");
            next.startSampling();
            long start = System.nanoTime();
            for (int i = 0; i < 50; i++) {
                served.add(EchoStream.connect(p, next.address, MIB, 100 + i));
            }
            for (EchoStream c : served) {
                c.start();
            }
            awaitAll(served);
            long nanos = System.nanoTime() - start;
            next.stopSampling();
            assertAllVerified(served);
            next.awaitEchoThreads(0);
            long[] stats = stopGracefully(next, dir, 0);
            LoadFigures.record(provider, "4: server killed mid-transfer", (int) stats[1],
                    50L * MIB,
                    nanos, next.peakThreads(), next.peakFds(), String.format(
                            java.util.Locale.ROOT, "21 clients cut off, each had an"
                            + " IOException %.0f ms after the kill at most (read timeout %d s);"
                            + " new server replaced the stale file", slowest / 1e6,
                            READ_TIMEOUT.getSeconds()));
        } finally {
            closeAll(cut);
            closeAll(served);
            if (idle != null) {
                idle.close();
            }
            server.kill();
            if (next != null) {
                next.kill();
            }
        }
    }

    /**
     * 5. A client that sends and never reads holds its own connection thread, blocked in a
     * write, and nothing else: the others are served meanwhile.
     */
    @ParameterizedTest
    @ValueSource(strings = {"jdk16", "junixsocket"})
    @Timeout(value = 300)
    void clientThatNeverReadsDoesNotStallTheOthers(String provider, @TempDir Path dir)
            throws Exception {
        assumeServerCanBeWatched(provider);
        UnixSocketProvider p = ProviderByName.get(provider);
        ServerProcess server = ServerProcess.start(dir, provider, "--stats");
        List<EchoStream> others = new ArrayList<EchoStream>();
        final UnixSocket slow = p.connect(server.address, EchoStream.CONNECT_TIMEOUT_MILLIS);
        try {
            final AtomicLong slowSent = new AtomicLong();
            Thread slowWriter = new Thread(new Runnable() {
                @Override
                public void run() {
                    byte[] block = new byte[64 * 1024];
                    try {
                        OutputStream out = slow.getOutputStream();
                        while (slowSent.get() < 1024L * MIB) {
                            out.write(block);
                            slowSent.addAndGet(block.length);
                        }
                    } catch (IOException e) {
                        // closed by the test at the end
                    }
                }
            }, "slow-client");
            slowWriter.setDaemon(true);
            slowWriter.start();
            while (slowSent.get() < 2 * 64 * 1024) { // the server has read from it
                assertThat(slowWriter.isAlive()).as("slow client still writing").isTrue();
                Thread.sleep(10);
            }
            server.startSampling();
            long start = System.nanoTime();
            for (int i = 0; i < 100; i++) {
                others.add(EchoStream.connect(p, server.address, MIB, i));
            }
            for (EchoStream c : others) {
                c.start();
            }
            awaitAll(others);
            long nanos = System.nanoTime() - start;
            server.stopSampling();
            assertAllVerified(others);

            long stuckAt = slowSent.get();
            assertThat(slowWriter.isAlive()).as("the slow client's write is still blocked, at %d"
                    + " bytes", stuckAt).isTrue();
            server.awaitEchoThreads(1); // the slow client's, blocked in its write
            slow.close();
            server.proc.awaitErrContaining(" failed: ");
            server.awaitEchoThreads(0);
            long[] stats = stopGracefully(server, dir, 1);
            LoadFigures.record(provider, "5: a client that never reads", (int) stats[1],
                    100L * MIB, nanos,
                    server.peakThreads(), server.peakFds(), "100 others served while it was"
                            + " stuck after sending " + LoadFigures.size(stuckAt));
        } finally {
            slow.close();
            closeAll(others);
            server.kill();
        }
    }

    /**
     * 6. A burst of a thousand clients that connect without blocking, all at once (Python's
     * asyncio, in a process of its own): the listen queue takes them all, and each gets every
     * byte of its echo back.
     */
    @ParameterizedTest
    @ValueSource(strings = {"jdk16", "junixsocket"})
    @Timeout(value = 300)
    void burstOfNonBlockingConnectsLosesNoClient(String provider, @TempDir Path dir)
            throws Exception {
        assumeServerCanBeWatched(provider);
        assumeTrue(Proc.available("python3", "--version"), "python3 is not on the PATH");
        requireOpenFiles(CLIENTS + 512);
        ServerProcess server = ServerProcess.start(dir, provider, "--stats");
        try {
            requireOpenFiles(server, CLIENTS + 512);
            server.startSampling();
            long start = System.nanoTime();
            Proc burst = Proc.run(dir, Proc.python("burst_clients.py",
                    server.address.toString(), String.valueOf(CLIENTS), "6"));
            long nanos = System.nanoTime() - start;
            server.stopSampling();
            assertThat(burst.exitValue()).as("%s", burst).isZero();
            assertThat(burst.out()).as("%s", burst).hasSize(1);
            String result = burst.out().get(0);
            Matcher m = Pattern.compile(
                    "clients (\\d+) ok (\\d+) lost (\\d+) verified (\\d+) bytes.*").matcher(result);
            assertThat(m.matches()).as("%s", burst).isTrue();
            assertThat(result).as("every client got its echo back, every byte checked")
                    .startsWith("clients " + CLIENTS + " ok " + CLIENTS + " lost 0 ");
            server.awaitEchoThreads(0);
            assertThat(server.proc.err()).as("nothing failed: %s", server.proc).isEmpty();
            long[] stats = stopGracefully(server, dir, 0);
            assertThat(stats[0]).as("served").isEqualTo(CLIENTS);
            LoadFigures.record(provider, "6: burst of 1000 connects", (int) stats[1],
                    Long.parseLong(m.group(4)), nanos, server.peakThreads(), server.peakFds(),
                    "1000 non-blocking connects at once, 0 lost");
        } finally {
            server.kill();
        }
    }

    // ---- helpers ----

    private static void assumeServerCanBeWatched(String provider) {
        Seed.assumeProvider(provider);
        assumeTrue(Files.isDirectory(java.nio.file.Paths.get("/proc/self/task")),
                "needs Linux's /proc");
    }

    private static void requireOpenFiles(int needed) throws IOException {
        long limit = ServerProcess.openFileLimit("self");
        assertThat(limit).as("open file limit of the test JVM (ulimit -n): it needs %d", needed)
                .isGreaterThanOrEqualTo(needed);
    }

    private static void requireOpenFiles(ServerProcess server, int needed) throws IOException {
        long limit = ServerProcess.openFileLimit(String.valueOf(server.pid));
        assertThat(limit).as("open file limit of the server (ulimit -n): it needs %d", needed)
                .isGreaterThanOrEqualTo(needed);
    }

    /** Connects, sends 1 to 1024 random bytes, reads them back, checks, closes. */
    private static int exchange(UnixSocketProvider p, ServerProcess server, Random random)
            throws IOException {
        byte[] data = new byte[1 + random.nextInt(1024)];
        random.nextBytes(data);
        UnixSocket s = p.connect(server.address, EchoStream.CONNECT_TIMEOUT_MILLIS);
        try {
            OutputStream out = s.getOutputStream();
            out.write(data);
            s.shutdownOutput();
            InputStream in = s.getInputStream();
            byte[] back = new byte[data.length];
            int got = 0;
            int n;
            while ((n = in.read(back, got, back.length - got)) > 0) {
                got += n;
                if (got == back.length) {
                    break;
                }
            }
            assertThat(in.read()).as("the end after the echo").isEqualTo(-1);
            assertThat(Arrays.copyOf(back, got)).isEqualTo(data);
        } finally {
            s.close();
        }
        return data.length;
    }

    private static void awaitReceived(EchoStream c, long bytes) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
        while (c.received() < bytes) {
            assertThat(c.failure()).as("client failed early").isNull();
            assertThat(System.nanoTime()).as("waiting for %d bytes back", bytes)
                    .isLessThan(end);
            Thread.sleep(10);
        }
    }

    private static void awaitAll(List<EchoStream> clients) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
        int unfinished = 0;
        for (EchoStream c : clients) {
            long left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime());
            if (!c.await(Math.max(1, left))) {
                unfinished++;
            }
        }
        assertThat(unfinished).as("clients still running after %d s", Proc.LIMIT_SECONDS)
                .isZero();
    }

    private static void assertAllVerified(List<EchoStream> clients) {
        List<String> problems = new ArrayList<String>();
        for (int i = 0; i < clients.size(); i++) {
            EchoStream c = clients.get(i);
            if (!c.verified()) {
                problems.add("client " + i + ": " + c.problem());
            }
        }
        assertThat(problems).as("clients whose echo was not all there and right").isEmpty();
    }

    private static void closeAll(List<EchoStream> clients) {
        for (EchoStream c : clients) {
            c.close();
        }
    }

    /**
     * SIGTERM: the server exits with status 0 and its socket file is gone. Returns its figures
     * (served, most at once, failed), after checking the number of failures.
     */
    private static long[] stopGracefully(ServerProcess server, Path dir, long failed)
            throws Exception {
        assertThat(server.terminate()).as("exit status on SIGTERM: %s", server.proc).isZero();
        assertThat(Files.exists(dir.resolve(ServerProcess.SOCKET))).as("socket file removed")
                .isFalse();
        long[] stats = server.stats();
        assertThat(stats[2]).as("connections failed: %s", server.proc).isEqualTo(failed);
        return stats;
    }

    /** {@code java -cp <the tests' class path> MAIN args}. */
    private static List<String> javaMain(Class<?> main, String... args) {
        List<String> c = new ArrayList<String>();
        c.add(Proc.java());
        if (Proc.javaFeature() >= 22) {
            c.add("--enable-native-access=ALL-UNNAMED");
        }
        c.add("-cp");
        c.add(System.getProperty("java.class.path"));
        c.add(main.getName());
        c.addAll(Arrays.asList(args));
        return c;
    }
}
