package io.github.uds4j.contract;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link BindLoop} running in a child JVM of the same user, with the provider under test
 * forced: its output lines, its standard input, and signals for it. A thread of the test's pool
 * reads its output; it ends when the child does.
 */
final class ChildBinder implements AutoCloseable {
    private static final String EOF = "\u0000end of output";

    private final Process process;
    private final OutputStream stdin;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<String>();
    private final List<String> transcript = Collections.synchronizedList(new ArrayList<String>());
    private String pid;

    private ChildBinder(Process process) {
        this.process = process;
        this.stdin = process.getOutputStream();
    }

    /** Starts a child that will bind {@code socket}; {@link #awaitReady} waits for it. */
    static ChildBinder start(String provider, Path socket, ExecutorService threads)
            throws IOException {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<String>();
        command.add(java);
        command.add("-XX:+IgnoreUnrecognizedVMOptions");
        command.add("--enable-native-access=ALL-UNNAMED");
        // Start quickly: the child runs for well under a second of real work.
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-XX:+UseSerialGC");
        command.add("-Duds4j.provider=" + provider);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(BindLoop.class.getName());
        command.add(socket.toString());
        final Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        final ChildBinder child = new ChildBinder(p);
        threads.submit(new Runnable() {
            @Override
            public void run() {
                try (BufferedReader r = new BufferedReader(
                        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        child.transcript.add(line);
                        child.lines.add(line);
                    }
                } catch (IOException e) {
                    child.transcript.add("(reading the child's output failed: " + e + ")");
                } finally {
                    child.lines.add(EOF);
                }
            }
        });
        return child;
    }

    /** Waits until the child has loaded {@code provider} and waits for {@code go}. */
    void awaitReady(String provider) throws InterruptedException {
        pid = awaitLine("pid ", 60).substring(4);
        String ready = awaitLine("ready ", 60);
        if (!ready.equals("ready " + provider)) {
            throw new AssertionError("child chose another provider: " + ready + "; " + transcript);
        }
    }

    /**
     * Returns the next output line starting with {@code prefix}, skipping others (they stay in
     * the transcript); fails if the child ends or stays silent for {@code seconds}.
     */
    String awaitLine(String prefix, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            long left = deadline - System.nanoTime();
            String line = left > 0 ? lines.poll(left, TimeUnit.NANOSECONDS) : null;
            if (line == null) {
                throw new AssertionError("child printed no '" + prefix + "' line in " + seconds
                        + " s; its output: " + transcript);
            }
            if (line.equals(EOF)) {
                lines.add(EOF);
                throw new AssertionError("child ended before printing '" + prefix
                        + "'; its output: " + transcript);
            }
            if (line.startsWith(prefix)) {
                return line;
            }
        }
    }

    void send(String line) throws IOException {
        stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
    }

    /** Sends {@code SIGSTOP} or {@code SIGCONT} ({@code "STOP"}, {@code "CONT"}) to the child. */
    void signal(String name) throws IOException, InterruptedException {
        if (pid == null) {
            throw new IllegalStateException("the child's pid is not known yet");
        }
        Process kill = new ProcessBuilder("kill", "-" + name, pid).redirectErrorStream(true).start();
        byte[] out = Bytes.readAll(kill.getInputStream());
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new AssertionError("kill -" + name + " " + pid + " failed: "
                    + new String(out, StandardCharsets.UTF_8));
        }
    }

    /**
     * Sends {@code SIGSTOP} and waits until every thread of the child has really stopped: the
     * signal is only queued when {@code kill} returns, and a thread in a system call (such as
     * removing its private directory) finishes that call first.
     */
    void stop() throws IOException, InterruptedException {
        signal("STOP");
        Path tasks = Paths.get("/proc", pid, "task");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            List<String> running = new ArrayList<String>();
            try (DirectoryStream<Path> s = Files.newDirectoryStream(tasks)) {
                for (Path task : s) {
                    char state = taskState(task);
                    if (state != 'T' && state != 't' && state != 'Z' && state != 'X'
                            && state != '-') {
                        running.add(task.getFileName() + "=" + state);
                    }
                }
            }
            if (running.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("child " + pid + " not stopped 10 s after SIGSTOP: "
                        + running);
            }
            Thread.yield();
        }
    }

    /** Returns a thread's state from {@code /proc/PID/task/TID/stat}, {@code -} if it is gone. */
    private static char taskState(Path task) throws IOException {
        String stat;
        try {
            stat = new String(Files.readAllBytes(task.resolve("stat")), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return '-';
        }
        int end = stat.lastIndexOf(')'); // the name in parentheses may contain anything
        return stat.charAt(end + 2);
    }

    /** Kills the child with {@code SIGKILL} and waits until it is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new AssertionError("child survived SIGKILL for 10 s");
        }
    }

    /** Waits for the child to exit by itself; returns its exit status. */
    int awaitExit(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new AssertionError("child did not exit in " + seconds + " s; its output: "
                    + transcript);
        }
        return process.exitValue();
    }

    /** Returns the {@code failed ...} lines the child printed so far. */
    List<String> failures() {
        List<String> failed = new ArrayList<String>();
        synchronized (transcript) {
            for (String line : transcript) {
                if (line.startsWith("failed ")) {
                    failed.add(line);
                }
            }
        }
        return failed;
    }

    List<String> transcript() {
        synchronized (transcript) {
            return new ArrayList<String>(transcript);
        }
    }

    /** Makes sure the child is gone, stopped or not. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly(); // SIGKILL ends a stopped process too
            process.waitFor(10, TimeUnit.SECONDS);
        }
        try {
            stdin.close();
        } catch (IOException e) {
            // the child is gone
        }
    }
}
