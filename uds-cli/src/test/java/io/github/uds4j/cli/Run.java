package io.github.uds4j.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.UnsupportedEncodingException;
import java.util.Arrays;
import java.util.List;

/** {@link Main#run} in this JVM, with its output captured. */
final class Run {
    final int status;
    final String out;
    final String err;

    private Run(int status, String out, String err) {
        this.status = status;
        this.out = out;
        this.err = err;
    }

    static Run of(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            int status = Main.run(args, new ByteArrayInputStream(new byte[0]),
                    new PrintStream(out, true, "UTF-8"), new PrintStream(err, true, "UTF-8"));
            return new Run(status, out.toString("UTF-8"), err.toString("UTF-8"));
        } catch (UnsupportedEncodingException e) {
            throw new AssertionError(e);
        }
    }

    List<String> errLines() {
        return Arrays.asList(err.split("\n", -1));
    }

    @Override
    public String toString() {
        return "status " + status + "\n--- stdout:\n" + out + "--- stderr:\n" + err;
    }
}
