package io.github.uds4j;

import java.io.IOException;

/**
 * A message (a datagram, or a {@link UnixSocketType#SEQPACKET} message) was longer than the
 * buffer a {@code read} gave it: the bytes that fit were put in the buffer (its position
 * advanced past them) and the rest of the message is gone, as the kernel discards it. Thrown by
 * the {@code read} methods, which cannot say so in their return value; the {@code receive}
 * methods report it in {@link Received#isTruncated()} instead and throw nothing.
 */
public class MessageTruncatedException extends IOException {
    /** The serialized form's version: 1, the first. */
    private static final long serialVersionUID = 1L;
    /** How many bytes of the message were read into the buffer. */
    private final int kept;

    /**
     * Creates the exception.
     *
     * @param kept how many bytes of the message were put in the buffer
     */
    public MessageTruncatedException(int kept) {
        super("message longer than the buffer: its first " + kept + " bytes were read, the rest"
                + " was discarded (use a larger buffer, or receive() to be told without an"
                + " exception)");
        this.kept = kept;
    }

    /**
     * Returns how many bytes of the message were put in the buffer.
     *
     * @return the number of bytes read into the buffer before the rest was discarded
     */
    public int kept() {
        return kept;
    }
}
