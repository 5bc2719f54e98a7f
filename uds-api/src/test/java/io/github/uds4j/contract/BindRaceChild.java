package io.github.uds4j.contract;

import io.github.uds4j.UnixServerSocket;
import io.github.uds4j.UnixSocketAddress;
import io.github.uds4j.UnixSockets;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The second JVM of {@link BindRaceContract}'s two-JVM race. Binds the paths {@code
 * <args[0]><lane>.sock} when told to, racing the test JVM, and ends by itself at the end of its
 * input or after {@code args[1]} seconds, whichever comes first.
 *
 * <p>Commands, one a line on stdin; each reply is one line on stdout starting with {@code race}:
 * <ul>
 *   <li>on start: {@code READY <provider>}
 *   <li>{@code GO <lanes> <nanos>}: binds lanes 0 to lanes-1 at once, each in a thread of its own,
 *       {@code nanos} after the command came; one reply per lane, in order: {@code BOUND} or
 *       {@code FAILED <class> <message>}
 *   <li>{@code CHECK <lane> <token>}: whether a connection to the lane's path reaches the server
 *       bound here: {@code REACHED} or {@code NOT_REACHED <why>}
 *   <li>{@code END}: closes the servers bound here: {@code ENDED}
 * </ul>
 */
public final class BindRaceChild {
    private BindRaceChild() {}

    /** The path of a lane. */
    static String lanePath(String prefix, int lane) {
        return prefix + lane + ".sock";
    }

    public static void main(String[] args) throws Exception {
        String prefix = args[0];
        long seconds = Long.parseLong(args[1]);
        Thread watchdog = new Thread(() -> {
            try {
                TimeUnit.SECONDS.sleep(seconds);
            } catch (InterruptedException e) {
                return;
            }
            System.err.println("BindRaceChild: " + seconds + " s passed; ending");
            System.exit(3);
        }, "watchdog");
        watchdog.setDaemon(true);
        watchdog.start();

        PrintStream out = new PrintStream(System.out, false, "UTF-8");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in,
                StandardCharsets.UTF_8));
        ExecutorService threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "binder");
            t.setDaemon(true);
            return t;
        });
        reply(out, "READY " + UnixSockets.backend().name());
        List<UnixServerSocket> servers = new ArrayList<UnixServerSocket>();
        String line;
        while ((line = in.readLine()) != null) {
            String[] words = line.split(" ");
            if (words[0].equals("GO")) {
                int lanes = Integer.parseInt(words[1]);
                long skew = Long.parseLong(words[2]);
                CyclicBarrier start = new CyclicBarrier(lanes + 1);
                List<Future<UnixServerSocket>> binds = new ArrayList<Future<UnixServerSocket>>();
                servers.clear();
                for (int lane = 0; lane < lanes; lane++) {
                    UnixSocketAddress address = UnixSocketAddress.of(lanePath(prefix, lane));
                    servers.add(null);
                    binds.add(threads.submit(() -> {
                        start.await(30, TimeUnit.SECONDS);
                        return UnixSockets.bind(address);
                    }));
                }
                BindRaceContract.spin(skew);
                start.await(30, TimeUnit.SECONDS);
                for (int lane = 0; lane < lanes; lane++) {
                    try {
                        servers.set(lane, binds.get(lane).get(60, TimeUnit.SECONDS));
                        reply(out, "BOUND");
                    } catch (ExecutionException e) {
                        Throwable c = e.getCause();
                        reply(out, "FAILED " + c.getClass().getName() + " "
                                + String.valueOf(c.getMessage()).replace('\n', ' '));
                    }
                }
            } else if (words[0].equals("CHECK")) {
                int lane = Integer.parseInt(words[1]);
                UnixServerSocket server = servers.get(lane);
                String why = server == null ? "nothing is bound here"
                        : BindRaceContract.reaches(server,
                                UnixSocketAddress.of(lanePath(prefix, lane)),
                                Integer.parseInt(words[2]));
                reply(out, why == null ? "REACHED" : "NOT_REACHED " + why.replace('\n', ' '));
            } else if (words[0].equals("END")) {
                closeAll(servers);
                reply(out, "ENDED");
            } else {
                reply(out, "UNKNOWN " + line);
            }
        }
        closeAll(servers);
    }

    private static void closeAll(List<UnixServerSocket> servers) throws IOException {
        for (UnixServerSocket s : servers) {
            if (s != null) {
                s.close();
            }
        }
        servers.clear();
    }

    private static void reply(PrintStream out, String line) {
        out.print(BindRaceContract.REPLY + line + "\n");
        out.flush();
    }
}
