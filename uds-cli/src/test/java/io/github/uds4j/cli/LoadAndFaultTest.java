package io.github.uds4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.uds4j.BindOptions;
import io.github.uds4j.UnixSocket;
import io.github.uds4j.UnixSocketAddress;
import io.github.uds4j.spi.UnixSocketProvider;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
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
 * The load and fault suite of {@code uds echo-server}, on each provider: the server
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
    /** The most connections of one user in scenario 7. */
    private static final int MAX_PER_UID = 32;
    /** How soon another user's client must be served in scenario 7. */
    private static final long STARVATION_MILLIS = 2000;
    /** The Pythons another user may be able to run. */
    private static final List<String> PYTHONS = Arrays.asList("python3", "/usr/bin/python3");

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
            assertThat(report)
                    .startsWith("uds echo-server: " + ServerProcess.SOCKET + ": connection from ")
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

    /**
     * 7. One user (uid 65534, a Python process) takes as many idle connections as the server
     * lets it, more than {@code --max-clients} and the backlog together: with {@code
     * --max-per-uid}, the server holds only that many of them, and another user's client (this
     * test, as root) is served within 2 s.
     */
    @ParameterizedTest
    @ValueSource(strings = {"jdk16", "junixsocket"})
    @Timeout(value = 300)
    void oneUserHoldingIdleConnectionsCannotStarveAnother(String provider, @TempDir Path dir)
            throws Exception {
        assumeServerCanBeWatched(provider);
        assumeAnotherUserCanRunPython(dir);
        int limits = EchoService.Settings.DEFAULT_MAX_CLIENTS + BindOptions.DEFAULT_BACKLOG;
        int target = limits + 64;
        requireOpenFiles(target + 512);
        UnixSocketProvider p = ProviderByName.get(provider);
        ServerProcess server = ServerProcess.start(dir, provider, "--stats", "--mode", "666",
                "--max-per-uid", String.valueOf(MAX_PER_UID));
        Proc holder = null;
        try {
            server.startSampling();
            holder = Proc.start(dir, asNobody(pythonInDir(dir, "hold_idle.py",
                    server.address.toString(), String.valueOf(target))));
            String connected = holder.awaitOutStartingWith("connected ");
            int taken = Integer.parseInt(connected.split(" ")[1]);
            assertThat(taken).as("connections uid 65534 made: %s", holder)
                    .isGreaterThan(limits);

            long start = System.nanoTime();
            String problem = servedWithin(p, server.address, STARVATION_MILLIS);
            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(problem).as("root's client, with uid 65534 holding %d connections",
                    taken).isNull();
            assertThat(took).as("root's client served within").isLessThanOrEqualTo(
                    STARVATION_MILLIS);

            holder.process.getOutputStream().write("count\n".getBytes(StandardCharsets.US_ASCII));
            holder.process.getOutputStream().flush();
            String open = holder.awaitOutStartingWith("open ");
            assertThat(open).as("uid 65534's connections the server kept")
                    .isEqualTo("open " + MAX_PER_UID);
            holder.process.getOutputStream().close();
            assertThat(holder.waitForExit()).as("%s", holder).isZero();

            server.stopSampling();
            server.awaitEchoThreads(0);
            long[] stats = stopGracefully(server, dir, 0);
            assertThat(stats[3]).as("refused").isEqualTo(taken - MAX_PER_UID);
            assertThat(server.proc.err()).first().isEqualTo("uds echo-server: "
                    + ServerProcess.SOCKET + ": refusing connections from uid 65534 while it has "
                    + MAX_PER_UID + " connections open, the most for one user");
            LoadFigures.record(provider, "7: one user holds idle conns", (int) stats[1], 0,
                    TimeUnit.MILLISECONDS.toNanos(took), server.peakThreads(), server.peakFds(),
                    "uid 65534 made " + taken + " connections, " + MAX_PER_UID + " kept, "
                            + stats[3] + " refused; root served in " + took + " ms");
        } finally {
            if (holder != null) {
                holder.kill();
            }
            server.kill();
        }
    }

    /**
     * 8. {@code --idle-timeout 1}: a client that sends nothing, and one that sends and never
     * reads (the server's write to it blocks), are closed after a second; a client that sends a
     * byte every 200 ms for 2 s is served all along.
     */
    @ParameterizedTest
    @ValueSource(strings = {"jdk16", "junixsocket"})
    @Timeout(value = 300)
    void idleClientsAreClosedAndBusyOnesAreNot(String provider, @TempDir Path dir)
            throws Exception {
        assumeServerCanBeWatched(provider);
        UnixSocketProvider p = ProviderByName.get(provider);
        ServerProcess server = ServerProcess.start(dir, provider, "--stats", "--idle-timeout",
                "1");
        server.startSampling();
        final UnixSocket silent = p.connect(server.address, EchoStream.CONNECT_TIMEOUT_MILLIS);
        final UnixSocket nonReader = p.connect(server.address,
                EchoStream.CONNECT_TIMEOUT_MILLIS);
        UnixSocket busy = p.connect(server.address, EchoStream.CONNECT_TIMEOUT_MILLIS);
        try {
            final long connected = System.nanoTime();
            final AtomicLong silentEnded = new AtomicLong();
            Thread silentReader = new Thread(new Runnable() {
                @Override
                public void run() {
                    try {
                        silent.setReadTimeout(Duration.ofMillis(WAIT_MILLIS));
                        if (silent.getInputStream().read() < 0) {
                            silentEnded.set(System.nanoTime() - connected);
                        }
                    } catch (java.net.SocketTimeoutException e) {
                        // still open: silentEnded stays 0
                    } catch (IOException e) {
                        silentEnded.set(System.nanoTime() - connected); // reset: ended too
                    }
                }
            }, "silent-client");
            silentReader.setDaemon(true);
            silentReader.start();
            final AtomicLong sent = new AtomicLong();
            final AtomicLong writerEnded = new AtomicLong();
            final IOException[] writeFailure = new IOException[1];
            Thread writer = new Thread(new Runnable() {
                @Override
                public void run() {
                    byte[] block = new byte[64 * 1024];
                    try {
                        while (true) {
                            nonReader.getOutputStream().write(block);
                            sent.addAndGet(block.length);
                        }
                    } catch (IOException e) {
                        writeFailure[0] = e; // the server cut the connection
                        writerEnded.set(System.nanoTime() - connected);
                    }
                }
            }, "non-reading-client");
            writer.setDaemon(true);
            writer.start();

            long busyUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2000);
            int rounds = 0;
            for (int round = 0; System.nanoTime() < busyUntil; round++, rounds++) {
                byte b = (byte) round;
                busy.getOutputStream().write(b);
                busy.setReadTimeout(Duration.ofMillis(WAIT_MILLIS));
                assertThat(busy.getInputStream().read()).as("busy client, round %d", round)
                        .isEqualTo(b & 0xff);
                Thread.sleep(200); // pacing, not a wait for another thread
            }

            silentReader.join(WAIT_MILLIS);
            writer.join(WAIT_MILLIS);
            assertThat(silentEnded.get()).as("the silent client was closed").isPositive();
            long silentMillis = TimeUnit.NANOSECONDS.toMillis(silentEnded.get());
            assertThat(silentMillis).as("the silent client was closed after the idle time, not"
                    + " long after").isBetween(1000L, 5000L);
            assertThat(writeFailure[0]).as("the non-reading client's write failed once the"
                    + " server cut it, after %d bytes", sent.get()).isNotNull();
            long writerMillis = TimeUnit.NANOSECONDS.toMillis(writerEnded.get());
            assertThat(writerMillis).as("the non-reading client was cut after the idle time,"
                    + " not long after").isBetween(1000L, 5000L);
            server.awaitEchoThreads(1); // the busy client's
            busy.close();
            server.awaitEchoThreads(0);
            server.stopSampling();
            long[] stats = stopGracefully(server, dir, 0);
            assertThat(stats[4]).as("closed idle").isEqualTo(2);
            assertThat(server.proc.err()).as("only the figures: %s", server.proc).hasSize(1);
            LoadFigures.record(provider, "8: --idle-timeout 1", (int) stats[1], rounds,
                    TimeUnit.MILLISECONDS.toNanos(silentMillis), server.peakThreads(),
                    server.peakFds(), "silent client closed after " + silentMillis
                            + " ms, non-reading one after " + writerMillis + " ms (it had sent "
                            + LoadFigures.size(sent.get()) + "); the busy one served "
                            + rounds + " rounds");
        } finally {
            silent.close();
            nonReader.close();
            busy.close();
            server.kill();
        }
    }

    // ---- helpers ----

    private static void assumeServerCanBeWatched(String provider) {
        Seed.assumeProvider(provider);
        assumeTrue(Files.isDirectory(java.nio.file.Paths.get("/proc/self/task")),
                "needs Linux's /proc");
    }

    /**
     * Skips unless this test runs as root and can run Python as uid 65534 ({@code setpriv});
     * makes {@code dir} readable by that user.
     */
    private static void assumeAnotherUserCanRunPython(Path dir) throws Exception {
        Object uid = Files.getAttribute(Paths.get("/proc/self"), "unix:uid");
        assumeTrue(Integer.valueOf(0).equals(uid),
                "needs root, to run a client as another user (running as uid " + uid + ")");
        assumeTrue(Proc.available("setpriv", "--version"), "needs setpriv (util-linux)");
        assumeTrue(Proc.available("python3", "--version"), "python3 is not on the PATH");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        assumeTrue(pythonForNobody(dir) != null, "uid 65534 can run no python3 (tried "
                + PYTHONS + ")");
    }

    /**
     * Returns the first of {@link #PYTHONS} that uid 65534 can run (the one on the PATH may be
     * in root's home, as pyenv puts it), or null.
     */
    private static String pythonForNobody(Path dir) throws Exception {
        for (String python : PYTHONS) {
            Proc version = Proc.run(dir, asNobody(Arrays.asList(python, "--version")));
            if (version.exitValue() == 0) {
                return python;
            }
        }
        return null;
    }

    /** {@code setpriv} to uid and gid 65534, no other groups, then {@code command}. */
    private static List<String> asNobody(List<String> command) {
        List<String> c = new ArrayList<String>(Arrays.asList("setpriv", "--reuid=65534",
                "--regid=65534", "--clear-groups"));
        c.addAll(command);
        return c;
    }

    /**
     * {@code python3 -u DIR/SCRIPT args}, the test resource copied into {@code dir}, readable
     * by all (the test resources may be in a directory other users cannot enter).
     */
    private static List<String> pythonInDir(Path dir, String script, String... args)
            throws Exception {
        Path copy = dir.resolve(script);
        Files.copy(Proc.resource("python/" + script), copy, StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
        List<String> c = new ArrayList<String>(Arrays.asList(pythonForNobody(dir), "-u",
                copy.toString()));
        c.addAll(Arrays.asList(args));
        return c;
    }

    /**
     * Connects, sends a few bytes and reads them back, all within {@code millis}; returns null,
     * or what went wrong.
     */
    private static String servedWithin(UnixSocketProvider p, UnixSocketAddress address,
            long millis) {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        byte[] data = "served?".getBytes(StandardCharsets.US_ASCII);
        UnixSocket s = null;
        try {
            s = p.connect(address, millis);
            long left = end - System.nanoTime();
            if (left <= 0) {
                return "connected only after " + millis + " ms";
            }
            s.setReadTimeout(Duration.ofNanos(left));
            s.getOutputStream().write(data);
            byte[] back = new byte[data.length];
            int got = 0;
            while (got < back.length) {
                int n = s.getInputStream().read(back, got, back.length - got);
                if (n < 0) {
                    return "the server closed the connection after " + got + " bytes back";
                }
                got += n;
            }
            return Arrays.equals(back, data) ? null : "a wrong echo";
        } catch (IOException e) {
            return e.toString();
        } finally {
            if (s != null) {
                try {
                    s.close();
                } catch (IOException e) {
                    // the outcome is decided
                }
            }
        }
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
