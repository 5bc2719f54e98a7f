package io.github.uds4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.github.uds4j.UnixServerSocket;
import io.github.uds4j.UnixSocket;
import io.github.uds4j.UnixSocketAddress;
import io.github.uds4j.UnixSockets;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link EchoService} in this JVM, with the provider the facade picks: the bound on clients at
 * once, the lines it prints, and the stop.
 */
class EchoServiceTest {
    private static final long LIMIT = Proc.LIMIT_SECONDS;

    @TempDir
    Path dir;

    private UnixSocketAddress address;
    private UnixServerSocket server;
    private final RecordedLines lines = new RecordedLines();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<UnixSocket> clients = new ArrayList<UnixSocket>();

    @BeforeEach
    void bind() throws IOException {
        address = UnixSocketAddress.of(dir.resolve("s"));
        server = UnixSockets.bind(address);
    }

    @AfterEach
    void cleanUp() throws IOException {
        for (UnixSocket c : clients) {
            c.close();
        }
        server.close();
        executor.shutdownNow();
    }

    @Test
    void servesAtMostMaxClientsAtOnceAndTheNextWhenOneEnds() throws Exception {
        EchoService service = service(2, 3_600_000, true, false);
        Future<Integer> run = start(service);
        UnixSocket a = client();
        UnixSocket b = client();
        assertThat(echo(a, "a")).isEqualTo("a");
        assertThat(echo(b, "b")).isEqualTo("b");

        UnixSocket c = client(); // waits in the listen queue
        c.getOutputStream().write('c');
        c.setReadTimeout(Duration.ofMillis(300));
        assertThatThrownBy(() -> c.getInputStream().read())
                .as("no echo while two clients are served")
                .isInstanceOf(SocketTimeoutException.class);
        assertThat(service.openConnections()).isEqualTo(2);

        a.close();
        c.setReadTimeout(Duration.ofSeconds(LIMIT));
        assertThat(c.getInputStream().read()).as("served once a slot is free").isEqualTo('c');

        service.stop(false);
        service.stop(false);
        assertThat(run.get(LIMIT, TimeUnit.SECONDS)).isEqualTo(Main.OK);
    }

    @Test
    void printsTheTutorialsLinesAndWaitingWheneverNoClientIsConnected() throws Exception {
        EchoService service = service(8, 0, false, false);
        Future<Integer> run = start(service);
        for (String m : new String[] {"one", "two"}) {
            UnixSocket s = client();
            assertThat(echo(s, m)).isEqualTo(m);
            s.shutdownOutput();
            assertThat(s.getInputStream().read()).isEqualTo(-1);
            s.close();
            lines.await("waiting for a connection", m.equals("one") ? 2 : 3);
        }
        service.stop(false);
        assertThat(run.get(LIMIT, TimeUnit.SECONDS)).isEqualTo(Main.OK);
        List<String> all = lines.all();
        assertThat(all).hasSize(13);
        assertThat(all.get(0)).isEqualTo("waiting for a connection");
        assertThat(all.get(1)).startsWith("connection from ");
        assertThat(all.subList(2, 6)).containsExactly("received \"one\"",
                "sending data back to the client", "received \"\"", all.get(1).replace(
                        "connection from ", "no more data from "));
        assertThat(all.get(6)).isEqualTo("waiting for a connection");
        assertThat(all.get(8)).isEqualTo("received \"two\"");
        assertThat(all.get(12)).isEqualTo("waiting for a connection");
        assertThat(errText()).isEmpty();
    }

    @Test
    void quietPrintsTheFirstWaitingLineOnly() throws Exception {
        EchoService service = service(8, 0, true, false);
        Future<Integer> run = start(service);
        for (int i = 0; i < 3; i++) {
            UnixSocket s = client();
            assertThat(echo(s, "quiet " + i)).isEqualTo("quiet " + i);
            s.close();
        }
        awaitOpen(service, 0);
        service.stop(false);
        assertThat(run.get(LIMIT, TimeUnit.SECONDS)).isEqualTo(Main.OK);
        assertThat(lines.all()).containsExactly("waiting for a connection");
        assertThat(errText()).isEmpty();
    }

    @Test
    void stopRemovesTheFileAtOnceAndLetsOpenConnectionsFinish() throws Exception {
        EchoService service = service(8, 3_600_000, true, false);
        Future<Integer> run = start(service);
        UnixSocket open = client();
        assertThat(echo(open, "before")).isEqualTo("before");

        service.stop(false);
        assertThat(Files.exists(dir.resolve("s"))).as("the socket file").isFalse();
        assertThatThrownBy(() -> UnixSockets.connect(address))
                .isInstanceOf(NoSuchFileException.class);
        assertThat(echo(open, "still served")).isEqualTo("still served");
        assertThat(run.isDone()).isFalse();
        // The accept loop says so once it has seen the stop; wait for it before the last
        // connection ends, or a slow loop would find none left to wait for.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LIMIT);
        while (errText().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(errText()).isEqualTo("uds echo-server: " + address
                + ": stopping; letting 1 connection finish (at most 3600 s)\n");

        open.close();
        assertThat(run.get(LIMIT, TimeUnit.SECONDS)).isEqualTo(Main.OK);
    }

    @Test
    void connectionsStillOpenAfterTheGracePeriodAreClosed() throws Exception {
        EchoService service = service(8, 0, true, false);
        Future<Integer> run = start(service);
        UnixSocket open = client();
        assertThat(echo(open, "x")).isEqualTo("x");

        service.stop(false);
        assertThat(run.get(LIMIT, TimeUnit.SECONDS)).isEqualTo(Main.OK);
        assertEnded(open);
        assertThat(errText()).isEqualTo("uds echo-server: " + address
                + ": stopping; letting 1 connection finish (at most 0 s)\n"
                + "uds echo-server: " + address + ": closing 1 connection still open after 0 s\n");
    }

    @Test
    void secondStopClosesOpenConnectionsAtOnce() throws Exception {
        EchoService service = service(8, 3_600_000, true, false);
        Future<Integer> run = start(service);
        UnixSocket open = client();
        assertThat(echo(open, "x")).isEqualTo("x");

        service.stop(false);
        service.stop(false);
        assertThat(run.get(LIMIT, TimeUnit.SECONDS)).isEqualTo(Main.OK);
        assertEnded(open);
    }

    @Test
    void stopNowClosesOpenConnectionsAtOnce() throws Exception {
        EchoService service = service(8, 3_600_000, true, false);
        Future<Integer> run = start(service);
        UnixSocket open = client();
        assertThat(echo(open, "x")).isEqualTo("x");

        service.stop(true);
        assertThat(run.get(LIMIT, TimeUnit.SECONDS)).isEqualTo(Main.OK);
        assertEnded(open);
        assertThat(Files.exists(dir.resolve("s"))).isFalse();
    }

    @Test
    void connectionsOnWhichNothingMovesAreClosedAfterTheIdleTimeAndOthersAreNot()
            throws Exception {
        long idleMillis = 400;
        EchoService service = service(new EchoService.Settings().idleMillis(idleMillis)
                .quiet(true).stats(true).graceMillis(0));
        Future<Integer> run = start(service);

        final long connected = System.nanoTime();
        final UnixSocket silent = client(); // sends nothing
        Future<Long> silentEnded = executor.submit(new Callable<Long>() {
            @Override
            public Long call() {
                assertEnded(silent);
                return System.nanoTime() - connected;
            }
        });
        final UnixSocket nonReader = client(); // sends and never reads: the server's write blocks
        final AtomicLong sent = new AtomicLong();
        Future<IOException> writer = executor.submit(new Callable<IOException>() {
            @Override
            public IOException call() {
                byte[] block = new byte[16 * 1024];
                try {
                    while (true) {
                        nonReader.getOutputStream().write(block);
                        sent.addAndGet(block.length);
                    }
                } catch (IOException e) {
                    return e; // the server cut the connection
                }
            }
        });
        UnixSocket busy = client();
        // The busy client keeps its connection moving, a byte every tenth of the idle time,
        // until well after the others were closed.
        long busyUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(3 * idleMillis);
        for (int round = 0; System.nanoTime() < busyUntil; round++) {
            String m = String.valueOf(round % 10);
            assertThat(echo(busy, m)).as("busy client, round %d", round).isEqualTo(m);
            Thread.sleep(idleMillis / 10); // pacing, not a wait for another thread
        }

        assertThat(TimeUnit.NANOSECONDS.toMillis(silentEnded.get(LIMIT, TimeUnit.SECONDS)))
                .as("the silent client was closed after the idle time")
                .isGreaterThanOrEqualTo(idleMillis);
        IOException cut = writer.get(LIMIT, TimeUnit.SECONDS);
        assertThat(cut).as("the non-reading client's write fails once the server cut it")
                .isNotNull();
        assertThat(sent.get()).as("it had sent more than the buffers hold").isPositive();
        assertThat(echo(busy, "still")).as("the busy client is still served")
                .isEqualTo("still");
        assertThat(service.openConnections()).isEqualTo(1);

        service.stop(false);
        assertThat(run.get(LIMIT, TimeUnit.SECONDS)).isEqualTo(Main.OK);
        assertThat(errText()).endsWith("uds echo-server: " + address
                + ": served 3 connections, at most 3 at once,"
                + " 0 failed, 0 refused, 2 closed idle\n");
        assertThat(lines.all()).containsExactly("waiting for a connection");
    }

    @Test
    void idleCloseIsPrintedUnlessQuiet() throws Exception {
        EchoService service = service(new EchoService.Settings().idleMillis(100));
        Future<Integer> run = start(service);
        UnixSocket silent = client();
        assertEnded(silent);
        lines.await("waiting for a connection", 2);
        service.stop(false);
        assertThat(run.get(LIMIT, TimeUnit.SECONDS)).isEqualTo(Main.OK);
        List<String> all = lines.all();
        assertThat(all.get(1)).startsWith("connection from ");
        String peer = all.get(1).substring("connection from ".length());
        assertThat(all).contains("closing the connection from " + peer + ": idle for 0.1 s");
        assertThat(errText()).as("not a failure").isEmpty();
    }

    @Test
    void aUserWithMaxPerUidConnectionsOpenIsRefusedMoreUntilOneEnds() throws Exception {
        EchoService service = service(new EchoService.Settings().maxPerUid(2).quiet(true)
                .stats(true));
        Future<Integer> run = start(service);
        UnixSocket a = client();
        UnixSocket b = client();
        assertThat(echo(a, "a")).isEqualTo("a");
        assertThat(echo(b, "b")).isEqualTo("b");

        UnixSocket c = client(); // the same user: refused, closed at once
        assertEnded(c);
        UnixSocket d = client();
        assertEnded(d);
        assertThat(echo(a, "a again")).isEqualTo("a again");

        a.close();
        awaitOpen(service, 1);
        UnixSocket e = client();
        assertThat(echo(e, "e")).as("served once one of the user's connections ended")
                .isEqualTo("e");

        service.stop(true);
        assertThat(run.get(LIMIT, TimeUnit.SECONDS)).isEqualTo(Main.OK);
        Object uid = Files.getAttribute(Paths.get("/proc/self"), "unix:uid");
        assertThat(errText()).isEqualTo("uds echo-server: " + address
                + ": refusing connections from uid " + uid
                + " while it has 2 connections open, the most for one user\n"
                + "uds echo-server: " + address
                + ": served 3 connections, at most 2 at once, 0 failed, 2 refused, 0 closed idle\n");
    }

    @Test
    void onceServesOneClientAndThrowsItsFailure() throws Exception {
        EchoService service = service(8, 0, true, true);
        Future<Integer> run = start(service);
        final UnixSocket client = client();
        final AtomicLong sent = new AtomicLong();
        executor.submit(new Callable<Void>() {
            @Override
            public Void call() throws IOException {
                OutputStream out = client.getOutputStream();
                byte[] block = new byte[16 * 1024];
                while (true) {
                    out.write(block); // never reads: the echo fills the buffers
                    sent.addAndGet(block.length);
                }
            }
        });
        while (sent.get() < 64 * 1024) {
            assertThat(run.isDone()).isFalse();
            Thread.sleep(10);
        }
        client.close(); // unread echo: the server's next read or write fails
        try {
            run.get(LIMIT, TimeUnit.SECONDS);
            fail("no failure thrown");
        } catch (java.util.concurrent.ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(IOException.class)
                    .hasMessageStartingWith(address + ": ");
        }
        assertThat(Files.exists(dir.resolve("s"))).isFalse();
        assertThat(errText()).as("the failure is thrown, not printed").isEmpty();
    }

    // ---- helpers ----

    private EchoService service(int maxClients, long graceMillis, boolean quiet, boolean once)
            throws IOException {
        return service(new EchoService.Settings().maxClients(maxClients).graceMillis(graceMillis)
                .quiet(quiet).once(once));
    }

    private EchoService service(EchoService.Settings settings) throws IOException {
        Io io = new Io(new ByteArrayInputStream(new byte[0]), new PrintStream(
                new ByteArrayOutputStream(), true, "UTF-8"), new PrintStream(err, true, "UTF-8"),
                false, "uds echo-server");
        return new EchoService(server, settings, lines, io);
    }

    private Future<Integer> start(final EchoService service) {
        return executor.submit(new Callable<Integer>() {
            @Override
            public Integer call() throws IOException {
                return service.run();
            }
        });
    }

    private UnixSocket client() throws IOException {
        UnixSocket s = UnixSockets.connect(address, Duration.ofSeconds(LIMIT));
        clients.add(s);
        return s;
    }

    /** Sends {@code text} and reads as many bytes back. */
    private static String echo(UnixSocket s, String text) throws IOException {
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        s.getOutputStream().write(data);
        byte[] back = new byte[data.length];
        int got = 0;
        while (got < back.length) {
            int n = s.getInputStream().read(back, got, back.length - got);
            if (n < 0) {
                throw new IOException("end of stream after " + got + " bytes");
            }
            got += n;
        }
        return new String(back, StandardCharsets.UTF_8);
    }

    /** The server closed the connection: a read ends (-1) or fails, and does not time out. */
    private static void assertEnded(UnixSocket s) {
        try {
            s.setReadTimeout(Duration.ofSeconds(LIMIT));
            assertThat(s.getInputStream().read()).isEqualTo(-1);
        } catch (SocketTimeoutException e) {
            fail("the connection is still open after " + LIMIT + " s");
        } catch (IOException e) {
            // reset: ended too
        }
    }

    private static void awaitOpen(EchoService service, int n) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(LIMIT);
        while (service.openConnections() != n) {
            assertThat(System.nanoTime()).as("waiting for %d open connections", n).isLessThan(end);
            Thread.sleep(5);
        }
    }

    private String errText() throws IOException {
        return err.toString("UTF-8");
    }

    /** Lines kept in memory; bytes are decoded as UTF-8. */
    private static final class RecordedLines implements Lines {
        private final List<String> lines = new ArrayList<String>();

        @Override
        public synchronized void line(String text) {
            lines.add(text);
            notifyAll();
        }

        @Override
        public synchronized void quoted(String before, byte[] data, int off, int len,
                String after) {
            line(before + new String(data, off, len, StandardCharsets.UTF_8) + after);
        }

        synchronized List<String> all() {
            return Collections.unmodifiableList(new ArrayList<String>(lines));
        }

        synchronized void await(String line, int n) throws InterruptedException {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(LIMIT);
            while (Collections.frequency(lines, line) < n) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    fail("no " + n + " lines \"" + line + "\" in " + lines);
                }
                wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
    }
}
