package io.github.uds4j.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.uds4j.UnixServerSocket;
import io.github.uds4j.UnixSocketAddress;
import io.github.uds4j.UnixSockets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A bind at a path that fits the socket address limit, but whose private-directory temporary
 * path (such as {@code DIR/.uds4j-xxxxxx/s}) would not, while another thread creates a regular
 * file at that path: whatever the bind does, it must never delete or change that file.
 *
 * <p>Whether such binds succeed at all is up to the provider: they may also be refused with a
 * clear error. A failure must be an {@link IOException} that names the path.
 */
public abstract class LongPathRaceContract extends ContractTestBase {
    private static final int TRIES = 3000;
    private static final long MAX_MILLIS = 10_000;
    private static final String NAME = "rf";
    /** The socket path is this many bytes below the limit: room for no private directory. */
    private static final int SLACK = 3;

    private final Random random = new Random();

    /**
     * Creates, nested in the test's directory, a directory whose socket path {@code DIR/rf} is
     * {@link #SLACK} bytes below the limit, and checks that a temporary path in a private
     * directory of either kind (uds-api's {@code .uds4j-xxxxxx/s}, junixsocket's
     * {@code .jxxxxxx/s}) would be over it.
     */
    private Path longDirectory() throws IOException {
        int length = UnixSocketAddress.MAX_PATH_BYTES - SLACK - 1 - NAME.length();
        Path outer = dir.resolve("long");
        int pad = length - bytes(outer.toString()) - 1;
        assumeTrue(pad >= 1, "the test directory " + dir + " is too long to build a "
                + length + "-byte directory in it");
        char[] name = new char[pad];
        Arrays.fill(name, 'd');
        Path longDir = Files.createDirectories(outer.resolve(new String(name)));
        assertThat(bytes(longDir.toString())).isEqualTo(length);
        assertThat(bytes(longDir + "/" + NAME)).isLessThanOrEqualTo(UnixSocketAddress.MAX_PATH_BYTES);
        assertThat(bytes(longDir + "/.uds4j-xxxxxx/s")).isGreaterThan(UnixSocketAddress.MAX_PATH_BYTES);
        assertThat(bytes(longDir + "/.jxxxxxx/s")).isGreaterThan(UnixSocketAddress.MAX_PATH_BYTES);
        return longDir;
    }

    private static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    @Test
    void regularFileCreatedDuringABindIsNeverDeletedOrChanged() throws Exception {
        final Path longDir = longDirectory();
        final Path path = longDir.resolve(NAME);
        UnixSocketAddress address = UnixSocketAddress.of(path);

        // How long a bind takes here: the racer's first aim.
        long[] warmUp = new long[100];
        for (int i = 0; i < warmUp.length; i++) {
            long t0 = System.nanoTime();
            UnixServerSocket server = null;
            try {
                server = UnixSockets.bind(address);
            } catch (IOException refused) {
                // the provider may refuse such paths; then the race is over the failing bind
            }
            warmUp[i] = System.nanoTime() - t0;
            if (server != null) {
                server.close();
            }
        }
        Arrays.sort(warmUp);
        final long bindNanos = Math.max(warmUp[warmUp.length / 2], 1000);
        Files.deleteIfExists(path);

        // The racer: on each try, at a chosen moment after the bind started, creates the file
        // with CREATE_NEW (so it never replaces anything), again and again until it succeeds or
        // the bind and close are over. The moment is aimed at the point where binds turn from
        // refused (the file came first) to successful (the socket came first), which is where
        // a check-then-bind has its window: it moves later after each refusal and earlier after
        // each success (a staircase), with some random spread around it.
        final Semaphore go = new Semaphore(0);
        final Semaphore finished = new Semaphore(0);
        final AtomicBoolean bindOver = new AtomicBoolean();
        final AtomicBoolean quit = new AtomicBoolean();
        final AtomicBoolean created = new AtomicBoolean();
        final AtomicReference<byte[]> content = new AtomicReference<byte[]>();
        final AtomicReference<Long> start = new AtomicReference<Long>(0L);
        final List<String> racerErrors = Collections.synchronizedList(new ArrayList<String>());
        Future<?> racer = threads.submit(() -> {
            while (true) {
                go.acquire();
                if (quit.get()) {
                    return null;
                }
                long until = start.get();
                while (System.nanoTime() - until < 0) {
                    // a deliberate random moment, shorter than a sleep can be
                }
                boolean made = false;
                while (!made && !bindOver.get()) {
                    try {
                        Files.write(path, content.get(), StandardOpenOption.CREATE_NEW,
                                StandardOpenOption.WRITE);
                        made = true;
                    } catch (FileAlreadyExistsException e) {
                        // the socket (or a file) is there; try again
                    } catch (IOException e) {
                        racerErrors.add(e.toString());
                        break;
                    }
                }
                created.set(made);
                finished.release();
            }
        });

        int tries = 0;
        int binds = 0;
        int refused = 0;
        int racerFiles = 0;
        int lost = 0;
        int leftSomething = 0;
        List<String> lostDetails = new ArrayList<String>();
        List<String> badFailures = new ArrayList<String>();
        List<String> leftovers = new ArrayList<String>();
        long aim = bindNanos / 2;
        long step = Math.max(bindNanos / 8, 1000);
        int lastMove = 0; // +1 later, -1 earlier
        int sameMoves = 0;
        long started = System.nanoTime();
        long deadline = started + TimeUnit.MILLISECONDS.toNanos(MAX_MILLIS);
        try {
            while (tries < TRIES && System.nanoTime() < deadline) {
                byte[] expected = ("racer's file of try " + tries + "\n").getBytes(StandardCharsets.UTF_8);
                content.set(expected);
                long spread = Math.max(aim / 20, 2000);
                long delay = Math.max(0, aim + (long) (random.nextGaussian() * spread));
                created.set(false);
                bindOver.set(false);
                start.set(System.nanoTime() + delay);
                go.release();
                int move;
                try {
                    UnixServerSocket server = UnixSockets.bind(address);
                    binds++;
                    move = -1;
                    server.close();
                } catch (IOException e) {
                    refused++;
                    move = 1;
                    if (e.getMessage() == null || !e.getMessage().contains(path.toString())) {
                        badFailures.add(e.toString());
                    }
                } catch (RuntimeException e) {
                    badFailures.add(e.toString());
                    move = 1;
                }
                bindOver.set(true);
                // The staircase: halve the step when the direction turns, double it after four
                // moves the same way (binds get faster as the JIT warms up).
                if (move != lastMove) {
                    step = Math.max(step / 2, 500);
                    sameMoves = 0;
                } else if (++sameMoves >= 4) {
                    step = Math.min(step * 2, bindNanos);
                    sameMoves = 0;
                }
                lastMove = move;
                aim = Math.min(4 * bindNanos, Math.max(0, aim + move * step));
                assertThat(finished.tryAcquire(10, TimeUnit.SECONDS)).as("racer finished try")
                        .isTrue();
                tries++;
                if (created.get()) {
                    racerFiles++;
                    String what = describe(path, expected);
                    if (what != null) {
                        lost++;
                        if (lostDetails.size() < 5) {
                            lostDetails.add("try " + (tries - 1) + ": " + what);
                        }
                    }
                }
                // The racer removes its own file; anything else at the path is a leftover.
                if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                    if (!created.get() || !Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
                        leftovers.add("try " + (tries - 1) + ": a file at the path");
                    }
                    Files.delete(path);
                }
                List<String> others = names(longDir);
                if (!others.isEmpty()) {
                    leftSomething++;
                    if (leftovers.size() < 5) {
                        leftovers.add("try " + (tries - 1) + ": " + others);
                    }
                }
            }
        } finally {
            bindOver.set(true);
            quit.set(true);
            go.release();
        }
        racer.get(10, TimeUnit.SECONDS);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        String summary = lost + " of " + tries + " tries deleted or changed the racer's regular file"
                + " (the racer created it in " + racerFiles + " of them; " + binds + " binds"
                + " succeeded, " + refused + " failed; " + millis + " ms; a bind took "
                + bindNanos / 1000 + " us, the racer's aim ended at " + aim / 1000
                + " us); examples: " + lostDetails + "; failures without the path: "
                + badFailures.size() + " " + head(badFailures) + "; tries leaving other files: "
                + leftSomething + " " + leftovers + "; racer errors: " + racerErrors;
        System.out.println("[" + expectedProvider() + "] " + summary);
        assertThat(racerErrors).as(summary).isEmpty();
        assertThat(racerFiles).as("the racer created its file at all; " + summary).isPositive();
        assertThat(lost).as(summary).isZero();
        assertThat(badFailures).as(summary).isEmpty();
    }

    /** Returns null if the racer's file is at {@code path} as created, else what is wrong. */
    private static String describe(Path path, byte[] expected) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return "the file is gone";
        }
        if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
            return "another kind of file is at the path";
        }
        byte[] actual = Files.readAllBytes(path);
        if (!Arrays.equals(actual, expected)) {
            return "its content changed to '" + new String(actual, StandardCharsets.UTF_8) + "'";
        }
        return null;
    }

    private static List<String> names(Path d) throws IOException {
        List<String> names = new ArrayList<String>();
        try (Stream<Path> s = Files.list(d)) {
            s.forEach(p -> names.add(p.getFileName().toString()));
        }
        Collections.sort(names);
        return names;
    }

    private static List<String> head(List<String> list) {
        return list.subList(0, Math.min(3, list.size()));
    }
}
