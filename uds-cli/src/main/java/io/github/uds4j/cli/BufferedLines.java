package io.github.uds4j.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Lines kept until {@link #replayTo(Lines)}: the output of one side of the socketpair demo, held
 * back as a buffered stdout holds a forked process's output until it exits.
 */
final class BufferedLines implements Lines {
    private final List<Object[]> lines = new ArrayList<Object[]>();

    @Override
    public synchronized void line(String text) {
        lines.add(new Object[] {text, new byte[0], ""});
    }

    @Override
    public synchronized void quoted(String before, byte[] data, int off, int len, String after) {
        lines.add(new Object[] {before, Arrays.copyOfRange(data, off, off + len), after});
    }

    /** Prints the kept lines on {@code target} and forgets them. */
    synchronized void replayTo(Lines target) {
        for (Object[] l : lines) {
            byte[] data = (byte[]) l[1];
            target.quoted((String) l[0], data, 0, data.length, (String) l[2]);
        }
        lines.clear();
    }
}
