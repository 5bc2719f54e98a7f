package io.github.uds4j.cli;

import java.io.PrintStream;

/**
 * Lines printed on a stream, each flushed as soon as it is complete. Transcripts made with {@link
 * #withPrefix(String)} share one lock, so lines of threads that print side by side never mix.
 */
final class Transcript implements Lines {
    private final PrintStream out;
    private final String prefix;
    private final Object lock;

    Transcript(PrintStream out) {
        this(out, "", new Object());
    }

    private Transcript(PrintStream out, String prefix, Object lock) {
        this.out = out;
        this.prefix = prefix;
        this.lock = lock;
    }

    /** Returns a transcript on the same stream that starts each line with {@code more}. */
    Transcript withPrefix(String more) {
        return new Transcript(out, prefix + more, lock);
    }

    @Override
    public void line(String text) {
        synchronized (lock) {
            out.print(prefix + text + "\n");
            out.flush();
        }
    }

    @Override
    public void quoted(String before, byte[] data, int off, int len, String after) {
        synchronized (lock) {
            out.print(prefix + before);
            out.write(data, off, len);
            out.print(after + "\n");
            out.flush();
        }
    }
}
