package io.github.uds4j.cli;

import io.github.uds4j.UnixSocket;
import io.github.uds4j.UnixSockets;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/** {@code uds socketpair}: the tutorial's parent and child talking over a socket pair. */
final class SocketPair implements Command {

    @Override
    public String name() {
        return "socketpair";
    }

    @Override
    public String synopsis() {
        return "socketpair";
    }

    @Override
    public String summary() {
        return "the parent/child demo over a pair of connected sockets";
    }

    @Override
    public String description() {
        return "Makes two connected sockets, like the tutorial's socket_socketpair.py, and lets\n"
                + "a parent and a child talk over them: the parent sends \"ping\", the child\n"
                + "answers \"pong\".\n\n"
                + "The child is a thread of this JVM, not a forked process: Java cannot fork.\n"
                + "Each side's lines are held back and printed when that side is done, the\n"
                + "child's first, as the forked Python processes' buffered output was; so the\n"
                + "output is the tutorial's, line for line. Where the provider has no native\n"
                + "socketpair (jdk16), the pair is made with a listener in a private temporary\n"
                + "directory that is removed at once.";
    }

    @Override
    public Options options() {
        return new Options();
    }

    @Override
    public int run(CommandLine line, Io io) throws Exception {
        Args.none(line);
        return demo(new Transcript(io.out));
    }

    /** Runs the parent and the child and prints their lines, the child's first. */
    static int demo(Lines t) throws IOException, InterruptedException {
        UnixSocket[] pair = UnixSockets.openPair();
        final UnixSocket parent = pair[0];
        final UnixSocket child = pair[1];
        final BufferedLines childLines = new BufferedLines();
        final AtomicReference<Throwable> childFailure = new AtomicReference<Throwable>();
        Thread childThread = new Thread(new Runnable() {
            @Override
            public void run() {
                try {
                    childLines.line("in child, waiting for message");
                    byte[] buf = new byte[1024];
                    int n = child.getInputStream().read(buf);
                    childLines.quoted("message from parent: ", buf, 0, Math.max(n, 0), "");
                    child.getOutputStream().write("pong".getBytes(StandardCharsets.US_ASCII));
                } catch (IOException | RuntimeException e) {
                    childFailure.set(e);
                } finally {
                    closeQuietly(child);
                }
            }
        }, "socketpair-child");
        BufferedLines parentLines = new BufferedLines();
        try {
            childThread.start();
            parentLines.line("in parent, sending message");
            parent.getOutputStream().write("ping".getBytes(StandardCharsets.US_ASCII));
            byte[] response = readUpTo(parent.getInputStream(), 1024);
            parentLines.quoted("response from child: ", response, 0, response.length, "");
        } finally {
            closeQuietly(parent);
            // The child ends: it got "ping", or the end of the stream once the parent closed.
            childThread.join();
        }
        Throwable f = childFailure.get();
        if (f instanceof IOException) {
            throw (IOException) f;
        }
        if (f != null) {
            throw (RuntimeException) f;
        }
        childLines.replayTo(t);
        parentLines.replayTo(t);
        return Main.OK;
    }

    /** Reads until the end of the stream or {@code max} bytes, as one {@code recv} would. */
    private static byte[] readUpTo(InputStream in, int max) throws IOException {
        byte[] buf = new byte[max];
        int total = 0;
        int n;
        while (total < max && (n = in.read(buf, total, max - total)) > 0) {
            total += n;
        }
        byte[] result = new byte[total];
        System.arraycopy(buf, 0, result, 0, total);
        return result;
    }

    private static void closeQuietly(UnixSocket s) {
        try {
            s.close();
        } catch (IOException e) {
            // done with it either way
        }
    }
}
