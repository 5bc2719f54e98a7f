package io.github.uds4j.cli;

import static org.assertj.core.api.Assertions.fail;

import io.github.uds4j.UnixSocketAddress;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code uds echo-server --quiet} in a process of its own, and what Linux tells of it: its open
 * file descriptors ({@code /proc/PID/fd}), its threads ({@code /proc/PID/status}) and among them
 * the connection threads ({@code uds-echo-N}, by their names in {@code /proc/PID/task/T/comm}).
 * A sampler keeps the peaks. Needs Java 9+ (for the pid) and Linux.
 */
final class ServerProcess {
    /** The socket file's name, in the server's working directory. */
    static final String SOCKET = "s";
    private static final long SAMPLE_MILLIS = 20;

    final Proc proc;
    final long pid;
    final UnixSocketAddress address;
    private final Path fdDir;

    private final Object peaks = new Object();
    private int peakFds;
    private int peakThreads;
    private volatile boolean sampling;
    private Thread sampler;

    private ServerProcess(Proc proc, long pid, UnixSocketAddress address) {
        this.proc = proc;
        this.pid = pid;
        this.address = address;
        this.fdDir = Paths.get("/proc", String.valueOf(pid), "fd");
    }

    /** Starts the server in {@code dir} and waits until it accepts. */
    static ServerProcess start(Path dir, String provider, String... options)
            throws IOException, InterruptedException {
        List<String> args = new ArrayList<String>(Arrays.asList(
                "echo-server", "--quiet", "--path", SOCKET));
        args.addAll(Arrays.asList(options));
        Proc p = Proc.start(dir, Proc.uds(provider, args.toArray(new String[0])));
        try {
            p.awaitOut("waiting for a connection", 1);
        } catch (AssertionError | InterruptedException e) {
            p.kill();
            throw e;
        }
        long pid = Seed.pid(p.process);
        return new ServerProcess(p, pid, UnixSocketAddress.of(dir.resolve(SOCKET)));
    }

    /** Returns how many file descriptors the server has open now. */
    int fds() {
        String[] names = fdDir.toFile().list();
        if (names == null) {
            throw new IllegalStateException("cannot list " + fdDir + ": has the server ended?\n"
                    + proc);
        }
        return names.length;
    }

    /** Returns what the open descriptors point to, and how many of each, for a failure message. */
    String fdSummary() throws IOException {
        TreeMap<String, Integer> kinds = new TreeMap<String, Integer>();
        String[] names = fdDir.toFile().list();
        if (names != null) {
            for (String n : names) {
                String target;
                try {
                    target = Files.readSymbolicLink(fdDir.resolve(n)).toString();
                } catch (IOException e) {
                    continue; // closed meanwhile
                }
                String kind = target.replaceAll("\\[[0-9]+\\]", "[…]");
                Integer c = kinds.get(kind);
                kinds.put(kind, c == null ? 1 : c + 1);
            }
        }
        return kinds.toString();
    }

    /** Returns the server's number of threads, as the kernel counts them. */
    int threads() throws IOException {
        for (String line : Files.readAllLines(Paths.get("/proc", String.valueOf(pid), "status"),
                StandardCharsets.UTF_8)) {
            if (line.startsWith("Threads:")) {
                return Integer.parseInt(line.substring("Threads:".length()).trim());
            }
        }
        throw new IllegalStateException("no Threads: line for process " + pid);
    }

    /** Returns how many connection threads ({@code uds-echo-N}) the server has now. */
    int echoThreads() throws IOException {
        File[] tasks = Paths.get("/proc", String.valueOf(pid), "task").toFile().listFiles();
        if (tasks == null) {
            throw new IllegalStateException("cannot list the threads of " + pid);
        }
        int n = 0;
        for (File task : tasks) {
            try {
                byte[] comm = Files.readAllBytes(task.toPath().resolve("comm"));
                if (new String(comm, StandardCharsets.UTF_8).startsWith("uds-echo-")) {
                    n++;
                }
            } catch (NoSuchFileException e) {
                // the thread ended meanwhile
            }
        }
        return n;
    }

    /** Returns the soft limit of open files of process {@code pid} ("self" for this one). */
    static long openFileLimit(String pid) throws IOException {
        for (String line : Files.readAllLines(Paths.get("/proc", pid, "limits"),
                StandardCharsets.UTF_8)) {
            if (line.startsWith("Max open files")) {
                String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                return soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft);
            }
        }
        throw new IllegalStateException("no open file limit for process " + pid);
    }

    /** Waits until the server has exactly {@code n} connection threads. */
    void awaitEchoThreads(int n) throws IOException, InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(Proc.LIMIT_SECONDS);
        int now;
        while ((now = echoThreads()) != n) {
            if (System.nanoTime() > end || !proc.process.isAlive()) {
                fail("the server has " + now + " connection threads, not " + n + ":\n" + proc);
            }
            Thread.sleep(SAMPLE_MILLIS);
        }
    }

    /** Waits until the server has {@code n} open file descriptors; returns whether it came. */
    boolean awaitFds(int n) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(Proc.LIMIT_SECONDS);
        while (fds() != n) {
            if (System.nanoTime() > end || !proc.process.isAlive()) {
                return false;
            }
            Thread.sleep(SAMPLE_MILLIS);
        }
        return true;
    }

    /** Starts keeping the peaks of descriptors and threads, sampled every 20 ms. */
    void startSampling() {
        synchronized (peaks) {
            peakFds = 0;
            peakThreads = 0;
        }
        sampling = true;
        sampler = new Thread(new Runnable() {
            @Override
            public void run() {
                while (sampling) {
                    sample();
                    try {
                        Thread.sleep(SAMPLE_MILLIS);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }, "sampler-" + pid);
        sampler.setDaemon(true);
        sampler.start();
    }

    /** Takes one sample now (also called at the moments that matter, such as all clients held). */
    void sample() {
        try {
            int f = fds();
            int t = threads();
            synchronized (peaks) {
                peakFds = Math.max(peakFds, f);
                peakThreads = Math.max(peakThreads, t);
            }
        } catch (IOException | RuntimeException e) {
            // the server ended: the peaks stay as they were
        }
    }

    /** Stops sampling; {@link #peakFds()} and {@link #peakThreads()} keep their values. */
    void stopSampling() throws InterruptedException {
        sampling = false;
        if (sampler != null) {
            sampler.join(TimeUnit.SECONDS.toMillis(Proc.LIMIT_SECONDS));
        }
        sample();
    }

    int peakFds() {
        synchronized (peaks) {
            return peakFds;
        }
    }

    int peakThreads() {
        synchronized (peaks) {
            return peakThreads;
        }
    }

    /**
     * Returns the figures of {@code --stats} from the server's last line on standard error, once
     * it has ended: {@code {served, most at once, failed, refused, closed idle}}.
     */
    long[] stats() {
        List<String> err = proc.err();
        String last = err.isEmpty() ? "" : err.get(err.size() - 1);
        Matcher m = Pattern.compile(Pattern.quote("uds echo-server: " + SOCKET)
                + ": served (\\d+) connections?,"
                + " at most (\\d+) at once, (\\d+) failed, (\\d+) refused, (\\d+) closed idle")
                .matcher(last);
        if (!m.matches()) {
            throw new AssertionError("no --stats line at the end of the server's output:\n"
                    + proc);
        }
        long[] figures = new long[5];
        for (int i = 0; i < figures.length; i++) {
            figures[i] = Long.parseLong(m.group(i + 1));
        }
        return figures;
    }

    /**
     * Sends SIGTERM with {@code kill} (not {@link Process#destroy()}, which also closes the
     * pipes, so that what the server prints while it stops would be lost) and returns the exit
     * status.
     */
    int terminate() throws Exception {
        signal("TERM");
        return proc.waitForExit();
    }

    /** Sends signal {@code name} (TERM, INT, …) with {@code kill}. */
    void signal(String name) throws Exception {
        Proc kill = Proc.run(Paths.get("."), Arrays.asList("kill", "-" + name,
                String.valueOf(pid)));
        if (kill.exitValue() != 0) {
            throw new AssertionError("kill failed: " + kill);
        }
    }

    /** Sends SIGKILL, if it still runs, and waits for the end. */
    void kill() throws InterruptedException {
        proc.kill();
    }
}
