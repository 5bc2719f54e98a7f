package io.github.uds4j.cli;

import java.io.InputStream;
import java.io.PrintStream;

/** The streams a command uses, and whether standard input is a terminal. */
final class Io {
    final InputStream in;
    final PrintStream out;
    final PrintStream err;
    /** True when a person types at standard input (it and standard output are a terminal). */
    final boolean terminal;

    Io(InputStream in, PrintStream out, PrintStream err, boolean terminal) {
        this.in = in;
        this.out = out;
        this.err = err;
        this.terminal = terminal;
    }

    /** Prints a line on standard error (notices of commands whose standard output is data). */
    void notice(String line) {
        synchronized (err) {
            err.print(line + "\n");
            err.flush();
        }
    }
}
