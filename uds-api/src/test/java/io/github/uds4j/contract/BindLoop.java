package io.github.uds4j.contract;

import io.github.uds4j.BindOptions;
import io.github.uds4j.UnixSocketAddress;
import io.github.uds4j.UnixSockets;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

/**
 * A binder run in a child JVM by {@link KilledBindContract}: binds {@code args[0]} with mode
 * {@code rw-------} and closes it, in a tight loop, until told to stop or killed.
 *
 * <p>Protocol, one line each on standard output: {@code pid N} and {@code ready PROVIDER} once
 * the provider is loaded; then it waits for the line {@code go} on standard input; {@code looping}
 * after the first bind and close; {@code failed CLASS: MESSAGE} for each of the first 20 binds or
 * closes that fail (the loop goes on); and, when standard input says {@code stop} or ends,
 * {@code done ATTEMPTS FAILURES} before it exits. It also stops by itself after 60 s, so that it
 * never outlives a test that lost track of it.
 */
public final class BindLoop {
    private static volatile boolean stop;

    private BindLoop() {}

    public static void main(String[] args) throws Exception {
        UnixSocketAddress address = UnixSocketAddress.of(args[0]);
        BindOptions options = BindOptions.defaults()
                .permissions(PosixFilePermissions.fromString("rw-------"));
        String pid = Files.readSymbolicLink(Paths.get("/proc/self")).toString();
        System.out.println("pid " + pid);
        System.out.println("ready " + UnixSockets.backend().name());
        System.out.flush();
        final BufferedReader in = new BufferedReader(
                new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String first = in.readLine();
        if (!"go".equals(first)) {
            System.out.println("done 0 0");
            return;
        }
        Thread watcher = new Thread(new Runnable() {
            @Override
            public void run() {
                try {
                    String line;
                    while ((line = in.readLine()) != null && !line.equals("stop")) {
                        // ignore anything else
                    }
                } catch (IOException e) {
                    // treat as the end of input
                }
                stop = true;
            }
        });
        watcher.setDaemon(true);
        watcher.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        long attempts = 0;
        long failures = 0;
        while (!stop && System.nanoTime() < deadline) {
            try {
                UnixSockets.bind(address, options).close();
            } catch (Exception e) {
                failures++;
                if (failures <= 20) {
                    System.out.println("failed " + e.getClass().getName() + ": " + e.getMessage());
                    System.out.flush();
                }
            }
            attempts++;
            if (attempts == 1) {
                System.out.println("looping");
                System.out.flush();
            }
        }
        System.out.println("done " + attempts + " " + failures);
        System.out.flush();
    }
}
