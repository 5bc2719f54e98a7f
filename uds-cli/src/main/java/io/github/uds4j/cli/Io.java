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
    /** What starts each notice: {@code uds COMMAND}. */
    private final String where;

    Io(InputStream in, PrintStream out, PrintStream err, boolean terminal) {
        this(in, out, err, terminal, "uds");
    }

    Io(InputStream in, PrintStream out, PrintStream err, boolean terminal, String where) {
        this.in = in;
        this.out = out;
        this.err = err;
        this.terminal = terminal;
        this.where = where;
    }

    /**
     * Prints a line on standard error (notices of commands whose standard output is data, and
     * failures a command carries on after), after {@code uds COMMAND: } as every line there.
     */
    void notice(String line) {
        synchronized (err) {
            err.print(where + ": " + line + "\n");
            err.flush();
        }
    }
}
