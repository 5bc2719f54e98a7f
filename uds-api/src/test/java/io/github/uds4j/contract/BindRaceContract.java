package io.github.uds4j.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.uds4j.UnixServerSocket;
import io.github.uds4j.UnixSocket;
import io.github.uds4j.UnixSocketAddress;
import io.github.uds4j.UnixSockets;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.BindException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Races on one path: binders replacing the same stale socket file at once (threads of this JVM
 * and a second JVM), a regular file renamed over a stale socket file while a bind replaces it,
 * and a server closing while another replaces its file. Each test repeats its race many times,
 * bounded in tries and time, and fails with the number of tries that broke the rule. Each round
 * runs several races side by side on paths of their own ("lanes"), each one try: the extra
 * threads make the racers get preempted at unlucky moments, which some windows need to be hit.
 *
 * <p>System properties: {@code uds4j.race.seconds} limits each test's racing time (default 5),
 * {@code uds4j.race.tries} its tries (default per test), {@code uds4j.race.lanes} the races run
 * side by side (default 8), and {@code uds4j.race.countAll=true} goes on after the first broken
 * try to count them all (by default a test stops at the first).
 */
public abstract class BindRaceContract extends ContractTestBase {
    static final String REPLY = "race ";

    // ---- F1: one stale file, several binders -------------------------------------------------

    @Test
    void twoThreadsReplacingOneStaleFileMakeExactlyOneServer() throws Exception {
        racingBinders(2);
    }

    @Test
    void fourThreadsReplacingOneStaleFileMakeExactlyOneServer() throws Exception {
        racingBinders(4);
    }

    /**
     * {@code binders} threads bind the same path over a stale socket file at once: exactly one
     * wins, the others get a {@link BindException}, and the path then leads to the winner.
     */
    private void racingBinders(int binders) throws Exception {
        Tally tally = new Tally("F1, " + binders + " threads bind over one stale socket file");
        Budget budget = new Budget(5000);
        while (budget.more(tally)) {
            int lanes = budget.lanes(tally);
            CyclicBarrier start = new CyclicBarrier(lanes * binders);
            List<UnixSocketAddress> addresses = new ArrayList<UnixSocketAddress>();
            List<List<Future<UnixServerSocket>>> binds = new ArrayList<List<Future<UnixServerSocket>>>();
            for (int lane = 0; lane < lanes; lane++) {
                UnixSocketAddress address = address("f1-" + lane + ".sock");
                addresses.add(address);
                staleSocket(address);
                List<Future<UnixServerSocket>> laneBinds = new ArrayList<Future<UnixServerSocket>>();
                for (int i = 0; i < binders; i++) {
                    laneBinds.add(threads.submit(bindAfter(start, 0, address)));
                }
                binds.add(laneBinds);
            }
            List<List<UnixServerSocket>> won = new ArrayList<List<UnixServerSocket>>();
            List<List<IOException>> lost = new ArrayList<List<IOException>>();
            for (int lane = 0; lane < lanes; lane++) {
                won.add(new ArrayList<UnixServerSocket>());
                lost.add(new ArrayList<IOException>());
                collect(binds.get(lane), won.get(lane), lost.get(lane));
            }
            try {
                for (int lane = 0; lane < lanes; lane++) {
                    tally.begin();
                    judgeOneWinner(tally, won.get(lane).size(), lost.get(lane));
                    if (won.get(lane).size() == 1) {
                        String why = reaches(won.get(lane).get(0), addresses.get(lane),
                                token(tally.tries()));
                        if (why != null) {
                            tally.bad("the path does not lead to the winner", why);
                        }
                    }
                }
            } finally {
                for (List<UnixServerSocket> servers : won) {
                    closeAll(servers);
                }
            }
        }
        tally.check();
    }

    // ---- F1: one stale file, a binder in this JVM and one in another -------------------------

    /**
     * A thread of this JVM and one of a second JVM bind the same path over a stale socket file at
     * once, as two servers started together would: exactly one wins, the other gets a {@link
     * BindException}, and the path then leads to the winner.
     */
    @Test
    void twoJvmsReplacingOneStaleFileMakeExactlyOneServer() throws Exception {
        Tally tally = new Tally("F1, this JVM and a second JVM bind over one stale socket file");
        Budget budget = new Budget(5000);
        String prefix = dir.resolve("f1jvm-").toString();
        try (Child child = Child.start(dir, expectedProvider(), prefix, budget.seconds + 60)) {
            budget.restart(); // the child's start-up is not racing time
            while (budget.more(tally)) {
                int lanes = budget.lanes(tally);
                List<UnixSocketAddress> addresses = new ArrayList<UnixSocketAddress>();
                for (int lane = 0; lane < lanes; lane++) {
                    addresses.add(UnixSocketAddress.of(BindRaceChild.lanePath(prefix, lane)));
                    staleSocket(addresses.get(lane));
                }
                CyclicBarrier start = new CyclicBarrier(lanes + 1);
                List<Future<UnixServerSocket>> binds = new ArrayList<Future<UnixServerSocket>>();
                for (int lane = 0; lane < lanes; lane++) {
                    binds.add(threads.submit(bindAfter(start, 0, addresses.get(lane))));
                }
                // The child wakes up from the pipe later than this JVM goes on after writing to
                // it; shifting the two starts against each other at random sweeps the race
                // window. This skews the start, it synchronizes nothing.
                long skew = ThreadLocalRandom.current().nextLong(-100_000, 300_000);
                child.send("GO " + lanes + " " + Math.max(0, -skew));
                spin(skew);
                start.await(30, TimeUnit.SECONDS);
                List<List<UnixServerSocket>> mine = new ArrayList<List<UnixServerSocket>>();
                List<List<IOException>> lost = new ArrayList<List<IOException>>();
                List<String> replies = new ArrayList<String>();
                for (int lane = 0; lane < lanes; lane++) {
                    mine.add(new ArrayList<UnixServerSocket>());
                    lost.add(new ArrayList<IOException>());
                    collect(binds.subList(lane, lane + 1), mine.get(lane), lost.get(lane));
                    replies.add(child.receive());
                }
                try {
                    for (int lane = 0; lane < lanes; lane++) {
                        tally.begin();
                        String reply = replies.get(lane);
                        boolean childWon = reply.equals("BOUND");
                        if (!childWon && !reply.startsWith("FAILED ")) {
                            throw new AssertionError("the child says: " + reply + child.errors());
                        }
                        if (!childWon) {
                            lost.get(lane).add(Child.failure(reply));
                        }
                        boolean iWon = !mine.get(lane).isEmpty();
                        judgeOneWinner(tally, (iWon ? 1 : 0) + (childWon ? 1 : 0), lost.get(lane));
                        int token = token(tally.tries());
                        if (iWon && !childWon) {
                            String why = reaches(mine.get(lane).get(0), addresses.get(lane), token);
                            if (why != null) {
                                tally.bad("the path does not lead to the winner",
                                        "this JVM won: " + why);
                            }
                        } else if (!iWon && childWon) {
                            child.send("CHECK " + lane + " " + token);
                            String checked = child.receive();
                            if (!checked.equals("REACHED")) {
                                tally.bad("the path does not lead to the winner",
                                        "the child won: " + checked);
                            }
                        }
                    }
                } finally {
                    child.send("END");
                    String ended = child.receive();
                    for (List<UnixServerSocket> servers : mine) {
                        closeAll(servers);
                    }
                    assertThat(ended).as("the child closed its servers").isEqualTo("ENDED");
                }
            }
        }
        tally.check();
    }

    /** Counts what breaks "exactly one binder wins, the others get a BindException". */
    private static void judgeOneWinner(Tally tally, int winners, List<IOException> lost) {
        if (winners > 1) {
            tally.bad("more than one bind succeeded", winners + " servers, failures " + lost);
        }
        if (winners == 0) {
            tally.bad("no bind succeeded", lost.toString());
        }
        for (IOException e : lost) {
            if (!(e instanceof BindException)) {
                tally.bad("a losing bind failed with something other than BindException",
                        e.toString());
            }
        }
    }

    // ---- F2: a regular file renamed over the stale socket file -------------------------------

    /**
     * A regular file is renamed over a stale socket file while a bind replaces that stale file.
     * Whatever the order, the regular file is never removed: not by the bind, and not by closing
     * the server when the bind succeeded.
     */
    @Test
    void regularFileRenamedOverTheStaleFileIsNeverRemoved() throws Exception {
        Tally tally = new Tally("F2, a regular file is renamed over the stale socket file during a bind");
        Budget budget = new Budget(5000);
        while (budget.more(tally)) {
            int lanes = budget.lanes(tally);
            CyclicBarrier start = new CyclicBarrier(2 * lanes);
            List<Path> paths = new ArrayList<Path>();
            List<byte[]> contents = new ArrayList<byte[]>();
            List<Future<UnixServerSocket>> binds = new ArrayList<Future<UnixServerSocket>>();
            List<Future<Void>> renames = new ArrayList<Future<Void>>();
            for (int lane = 0; lane < lanes; lane++) {
                UnixSocketAddress address = address("f2-" + lane + ".sock");
                Path path = address.getPath();
                Path tmp = dir.resolve("f2-" + lane + ".tmp");
                byte[] content = ("keep " + (tally.tries() + lane + 1))
                        .getBytes(StandardCharsets.US_ASCII);
                paths.add(path);
                contents.add(content);
                staleSocket(address);
                Files.write(tmp, content);
                binds.add(threads.submit(bindAfter(start, 0, address)));
                renames.add(threads.submit(new Callable<Void>() {
                    @Override
                    public Void call() throws Exception {
                        start.await(30, TimeUnit.SECONDS);
                        Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE);
                        return null;
                    }
                }));
            }
            for (int lane = 0; lane < lanes; lane++) {
                List<UnixServerSocket> won = new ArrayList<UnixServerSocket>();
                List<IOException> lost = new ArrayList<IOException>();
                collect(binds.subList(lane, lane + 1), won, lost);
                get(renames.get(lane));
                tally.begin();
                String beforeClose;
                try {
                    for (IOException e : lost) {
                        if (!(e instanceof BindException)
                                && !(e instanceof FileAlreadyExistsException)) {
                            tally.bad("the bind failed with something other than BindException or"
                                    + " FileAlreadyExistsException", e.toString());
                        }
                    }
                    beforeClose = regularFileProblem(paths.get(lane), contents.get(lane));
                    if (beforeClose != null) {
                        tally.bad("the regular file is gone or changed once bind and rename are"
                                + " done", beforeClose + (won.isEmpty() ? "; the bind failed: "
                                        + lost : "; the bind succeeded"));
                    }
                } finally {
                    closeAll(won);
                }
                if (!won.isEmpty() && beforeClose == null) {
                    String afterClose = regularFileProblem(paths.get(lane), contents.get(lane));
                    if (afterClose != null) {
                        tally.bad("closing the winning server removed the regular file",
                                afterClose);
                    }
                }
            }
        }
        tally.check();
    }

    /** Returns null if {@code path} is a regular file holding {@code content}, else what it is. */
    private static String regularFileProblem(Path path, byte[] content) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return "nothing is at the path";
        }
        if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
            return "the path holds something else, of mode " + Integer.toOctalString((Integer)
                    Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS));
        }
        byte[] now = Files.readAllBytes(path);
        if (!Arrays.equals(now, content)) {
            return "the content is \"" + new String(now, StandardCharsets.US_ASCII) + "\"";
        }
        return null;
    }

    // ---- F3: one server closes while another replaces its file -------------------------------

    /**
     * Server A closes while server B binds the same path, replacing A's file once A no longer
     * answers. Whenever B's bind succeeds, B's socket file is at the path after A's close and
     * leads to B.
     */
    @Test
    void closingServerNeverRemovesTheFileOfTheServerReplacingIt() throws Exception {
        Tally tally = new Tally("F3, server A closes while server B binds over its file");
        Budget budget = new Budget(50000);
        while (budget.more(tally)) {
            int lanes = budget.lanes(tally);
            CyclicBarrier start = new CyclicBarrier(2 * lanes);
            List<UnixSocketAddress> addresses = new ArrayList<UnixSocketAddress>();
            List<UnixServerSocket> servers = new ArrayList<UnixServerSocket>();
            List<Future<Void>> closes = new ArrayList<Future<Void>>();
            List<Future<UnixServerSocket>> binds = new ArrayList<Future<UnixServerSocket>>();
            for (int lane = 0; lane < lanes; lane++) {
                UnixSocketAddress address = address("f3-" + lane + ".sock");
                addresses.add(address);
                Files.deleteIfExists(address.getPath());
                UnixServerSocket a = UnixSockets.bind(address);
                servers.add(a);
                // Shifts the two starts against each other at random to sweep the race window:
                // this skews the start, it synchronizes nothing.
                long skew = ThreadLocalRandom.current().nextLong(-60_000, 60_000);
                closes.add(threads.submit(new Callable<Void>() {
                    @Override
                    public Void call() throws Exception {
                        start.await(30, TimeUnit.SECONDS);
                        spin(-skew);
                        a.close();
                        return null;
                    }
                }));
                binds.add(threads.submit(bindAfter(start, skew, address)));
            }
            for (int lane = 0; lane < lanes; lane++) {
                List<UnixServerSocket> won = new ArrayList<UnixServerSocket>();
                List<IOException> lost = new ArrayList<IOException>();
                collect(binds.subList(lane, lane + 1), won, lost);
                tally.begin();
                try {
                    try {
                        get(closes.get(lane));
                    } catch (IOException e) {
                        tally.bad("A's close failed", e.toString());
                    }
                    if (!won.isEmpty()) {
                        String why = reaches(won.get(0), addresses.get(lane), token(tally.tries()));
                        if (why != null) {
                            tally.bad("after A's close the path does not lead to B", why);
                        }
                    }
                } finally {
                    servers.get(lane).close();
                    closeAll(won);
                }
            }
        }
        tally.check();
    }

    // ---- helpers -----------------------------------------------------------------------------

    /**
     * Leaves a socket file that nobody serves at {@code address}, as a killed server would,
     * after removing whatever an earlier try left there. The one place that makes stale files.
     */
    static void staleSocket(UnixSocketAddress address) throws IOException {
        Files.deleteIfExists(address.getPath());
        RawProvider.leaveStaleSocket(address);
        if (!Files.exists(address.getPath(), LinkOption.NOFOLLOW_LINKS)) {
            throw new AssertionError("no stale socket file was left at " + address);
        }
    }

    /**
     * Connects to {@code address}, sends {@code token}, and accepts on {@code server} until that
     * connection arrives (connections that only probed the path come first and are skipped).
     *
     * @return null if it arrived at {@code server}, else why not
     */
    static String reaches(UnixServerSocket server, UnixSocketAddress address, int token)
            throws IOException {
        UnixSocket client;
        try {
            client = UnixSockets.connect(address, Duration.ofSeconds(5));
        } catch (IOException e) {
            return "connecting to the path failed: " + e;
        }
        try {
            client.getOutputStream().write(token);
            client.getOutputStream().flush();
            // A connect returns once the connection is queued on a listener, so the connection
            // is already waiting if it went to this server: the limit is never waited for then.
            server.setAcceptTimeout(Duration.ofSeconds(5));
            for (int i = 0; i < 1000; i++) {
                UnixSocket peer;
                try {
                    peer = server.accept();
                } catch (SocketTimeoutException e) {
                    return "the connection to the path did not arrive at the server";
                }
                try {
                    peer.setReadTimeout(Duration.ofSeconds(5));
                    if (peer.getInputStream().read() == token) {
                        return null;
                    }
                } catch (IOException e) {
                    // a probe that already went away
                } finally {
                    peer.close();
                }
            }
            return "the server accepted 1000 other connections";
        } finally {
            client.close();
        }
    }

    /** A bind of {@code address} that starts at {@code start}, {@code skew} nanoseconds late. */
    private static Callable<UnixServerSocket> bindAfter(CyclicBarrier start, long skew,
            UnixSocketAddress address) {
        return new Callable<UnixServerSocket>() {
            @Override
            public UnixServerSocket call() throws Exception {
                start.await(30, TimeUnit.SECONDS);
                spin(skew);
                return UnixSockets.bind(address);
            }
        };
    }

    /** A token byte for a try's connection, never 0. */
    static int token(int tryNumber) {
        return 1 + tryNumber % 250;
    }

    /** Busy-waits {@code nanos} (nothing if not positive): a start skew for a race. */
    static void spin(long nanos) {
        if (nanos <= 0) {
            return;
        }
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() - end < 0) {
            // spin
        }
    }

    private static void collect(List<Future<UnixServerSocket>> binds, List<UnixServerSocket> won,
            List<IOException> lost) throws Exception {
        for (Future<UnixServerSocket> f : binds) {
            try {
                won.add(get(f));
            } catch (IOException e) {
                lost.add(e);
            }
        }
    }

    /** Waits for {@code f}, throwing the IOException it failed with, if any. */
    private static <T> T get(Future<T> f) throws Exception {
        try {
            return f.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException) {
                throw (IOException) e.getCause();
            }
            throw new AssertionError("race thread failed", e.getCause());
        }
    }

    private static void closeAll(List<UnixServerSocket> servers) throws IOException {
        for (UnixServerSocket s : servers) {
            s.close();
        }
    }

    /** How many tries and how much time a test races, and whether it stops at the first bad try. */
    static final class Budget {
        static final int DEFAULT_LANES = 8;
        final int tries;
        final long seconds;
        final boolean countAll;
        final int lanes;
        private long deadline;

        Budget(int defaultTries) {
            this.tries = Integer.getInteger("uds4j.race.tries", defaultTries);
            this.lanes = Math.max(1, Integer.getInteger("uds4j.race.lanes", DEFAULT_LANES));
            this.seconds = Long.getLong("uds4j.race.seconds", 5L);
            this.countAll = Boolean.getBoolean("uds4j.race.countAll");
            restart();
        }

        void restart() {
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        }

        /** How many races to run side by side, on paths of their own, in the next round. */
        int lanes(Tally t) {
            return Math.min(lanes, tries - t.tries());
        }

        boolean more(Tally t) {
            return t.tries() < tries && System.nanoTime() - deadline < 0
                    && (countAll || t.badTries() == 0);
        }
    }

    /** Counts tries and, per kind of failure, the tries that failed so, with a first example. */
    final class Tally {
        private final String what;
        private final long started = System.nanoTime();
        private int tries;
        private int badTries;
        private final Map<String, Integer> counts = new LinkedHashMap<String, Integer>();
        private final Map<String, String> examples = new LinkedHashMap<String, String>();
        private final Set<String> now = new LinkedHashSet<String>();
        private boolean open;

        Tally(String what) {
            this.what = what + " (" + expectedProvider() + ")";
        }

        /** Starts judging a try. */
        void begin() {
            end();
            tries++;
            open = true;
        }

        /** Records that the current try broke a rule, once per kind and try. */
        void bad(String kind, String example) {
            if (!now.add(kind)) {
                return;
            }
            Integer c = counts.get(kind);
            counts.put(kind, c == null ? 1 : c + 1);
            if (!examples.containsKey(kind)) {
                examples.put(kind, "try " + tries + ": " + example);
            }
        }

        /** Ends judging the current try (also done by the next begin). */
        void end() {
            if (open && !now.isEmpty()) {
                badTries++;
            }
            now.clear();
            open = false;
        }

        int tries() {
            return tries;
        }

        int badTries() {
            end();
            return badTries;
        }

        String report() {
            end();
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            StringBuilder b = new StringBuilder(what).append(": ").append(badTries).append(" of ")
                    .append(tries).append(" tries broke the rule, in ").append(ms).append(" ms, ")
                    .append(Integer.getInteger("uds4j.race.lanes", Budget.DEFAULT_LANES))
                    .append(" races side by side");
            if (badTries > 0 && !Boolean.getBoolean("uds4j.race.countAll")) {
                b.append(" (stopped at the first; -Duds4j.race.countAll=true counts them all)");
            }
            for (Map.Entry<String, Integer> e : counts.entrySet()) {
                b.append("\n  ").append(e.getKey()).append(": ").append(e.getValue())
                        .append(" of ").append(tries).append(" tries; first: ")
                        .append(examples.get(e.getKey()));
            }
            return b.toString();
        }

        /** Prints the counts and fails if any try broke the rule. */
        void check() {
            String report = report();
            System.out.println(report);
            assertThat(tries).as("tries made").isPositive();
            assertThat(badTries).as(report).isZero();
        }
    }

    /** The second JVM of the two-JVM race: runs {@link BindRaceChild}, talks over its pipes. */
    static final class Child implements AutoCloseable {
        private final Process process;
        private final BufferedReader in;
        private final OutputStream out;
        private final Path errors;

        private Child(Process process, Path errors) {
            this.process = process;
            this.errors = errors;
            this.in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8));
            this.out = process.getOutputStream();
        }

        static Child start(Path dir, String provider, String prefix, long seconds)
                throws IOException {
            String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
            List<String> command = new ArrayList<String>();
            command.add(java);
            command.add("-XX:+IgnoreUnrecognizedVMOptions");
            command.add("--enable-native-access=ALL-UNNAMED");
            command.add("-Duds4j.provider=" + provider);
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(BindRaceChild.class.getName());
            command.add(prefix);
            command.add(Long.toString(seconds));
            Path errors = dir.resolve("child.err");
            Process p = new ProcessBuilder(command).redirectError(errors.toFile()).start();
            Child child = new Child(p, errors);
            String ready = child.receive();
            if (!ready.equals("READY " + provider)) {
                child.close();
                throw new AssertionError("the child did not start: " + ready + child.errors());
            }
            return child;
        }

        void send(String line) throws IOException {
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        /** Returns the child's next reply, skipping anything else it prints. */
        String receive() throws IOException {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith(REPLY)) {
                    return line.substring(REPLY.length());
                }
            }
            throw new AssertionError("the child ended" + errors());
        }

        /** The failure a {@code FAILED class message} reply names, as an exception. */
        static IOException failure(String reply) {
            String[] parts = reply.split(" ", 3);
            String message = parts.length > 2 ? parts[2] : "";
            if (parts[1].equals(BindException.class.getName())) {
                return new BindException("in the child: " + message);
            }
            return new IOException("in the child: " + parts[1] + ": " + message);
        }

        String errors() {
            try {
                byte[] b = Files.readAllBytes(errors);
                return b.length == 0 ? "" : "; its stderr: " + new String(b, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        }

        @Override
        public void close() throws IOException {
            try {
                out.close(); // the child ends at the end of its input
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError("the child did not end" + errors());
                }
                if (process.exitValue() != 0) {
                    throw new AssertionError("the child ended with status " + process.exitValue()
                            + errors());
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
