package io.github.uds4j.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Standard input cut into lines, as bytes: each line without its {@code \n} (a {@code \r} before
 * it is kept, as are all other bytes). A last line without a newline is a line too; the end of
 * the input right after a newline is not.
 */
final class LineInput {
    private static final int BUFFER = 64 * 1024;

    private final InputStream in;
    private final byte[] buf = new byte[BUFFER];
    private int pos;
    private int end;
    private boolean eof;

    LineInput(InputStream in) {
        this.in = in;
    }

    /** Returns the next line, or null at the end of the input. */
    byte[] next() throws IOException {
        ByteArrayOutputStream line = null;
        while (true) {
            for (int i = pos; i < end; i++) {
                if (buf[i] == '\n') {
                    byte[] result = join(line, i);
                    pos = i + 1;
                    return result;
                }
            }
            if (eof) {
                if (line == null && pos == end) {
                    return null;
                }
                byte[] result = join(line, end);
                pos = end;
                return result;
            }
            if (pos < end) {
                if (line == null) {
                    line = new ByteArrayOutputStream();
                }
                line.write(buf, pos, end - pos);
            }
            pos = 0;
            end = 0;
            int n = in.read(buf);
            if (n < 0) {
                eof = true;
            } else {
                end = n;
            }
        }
    }

    /** Returns what {@code line} holds followed by {@code buf[pos..upTo)}. */
    private byte[] join(ByteArrayOutputStream line, int upTo) {
        if (line == null) {
            byte[] result = new byte[upTo - pos];
            System.arraycopy(buf, pos, result, 0, result.length);
            return result;
        }
        line.write(buf, pos, upTo - pos);
        return line.toByteArray();
    }
}
