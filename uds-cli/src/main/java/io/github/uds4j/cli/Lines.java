package io.github.uds4j.cli;

/**
 * Where a command prints its transcript, one whole line at a time. Bytes that came through a
 * socket are printed as they are, not decoded, as the tutorial's Python 2 programs did.
 */
interface Lines {

    /** Prints {@code text} and a line end. */
    void line(String text);

    /** Prints {@code before}, then {@code data[off..off+len)} as raw bytes, then {@code after}. */
    void quoted(String before, byte[] data, int off, int len, String after);
}
