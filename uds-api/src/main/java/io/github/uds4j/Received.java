package io.github.uds4j;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What one {@code receive} call got: how many bytes, whether the message was cut, who sent it,
 * and the open file descriptors that came with it.
 *
 * <p>The descriptors belong to the receiver: close each one ({@link Descriptor#close()}) or hand
 * it on ({@link Descriptor#openInputStream()}, {@link Descriptor#toUnixSocket()}, …). Descriptors
 * beyond what the call asked for were closed as they arrived, so none is ever leaked; {@link
 * #droppedDescriptors()} counts them.
 */
public final class Received {
    private final int length;
    private final boolean truncated;
    private final UnixSocketAddress sender;
    private final List<Descriptor> descriptors;
    private final int droppedDescriptors;

    private Received(int length, boolean truncated, UnixSocketAddress sender,
            List<Descriptor> descriptors, int droppedDescriptors) {
        this.length = length;
        this.truncated = truncated;
        this.sender = sender;
        this.descriptors = descriptors;
        this.droppedDescriptors = droppedDescriptors;
    }

    /**
     * Returns a result; for providers.
     *
     * @param length the bytes put in the buffer, or -1 at the end of a stream or connection
     * @param truncated whether the message was longer than the buffer
     * @param sender the sender's address, or null if unnamed or not told
     * @param descriptors the descriptors received, now the receiver's
     * @param droppedDescriptors how many more arrived and were closed
     * @return the result
     * @throws IllegalArgumentException if a count is out of range
     */
    public static Received of(int length, boolean truncated, UnixSocketAddress sender,
            List<Descriptor> descriptors, int droppedDescriptors) {
        if (length < -1 || droppedDescriptors < 0 || (length == -1 && truncated)) {
            throw new IllegalArgumentException("invalid result: length=" + length + " truncated="
                    + truncated + " dropped=" + droppedDescriptors);
        }
        List<Descriptor> copy = descriptors == null || descriptors.isEmpty()
                ? Collections.<Descriptor>emptyList()
                : Collections.unmodifiableList(new ArrayList<Descriptor>(descriptors));
        return new Received(length, truncated, sender, copy, droppedDescriptors);
    }

    /**
     * Returns how many bytes were put in the buffer: 0 for an empty message, -1 at the end of a
     * stream or connection.
     *
     * @return the message's length as received, at most the buffer's free space
     */
    public int length() {
        return length;
    }

    /**
     * Returns whether the peer shut down or closed its end: no more messages will come.
     *
     * @return true if {@link #length()} is -1
     */
    public boolean isEndOfStream() {
        return length < 0;
    }

    /**
     * Returns whether the message was longer than the buffer: only {@link #length()} bytes were
     * kept, the rest was discarded. Always false on a stream socket, whose bytes are never lost.
     *
     * @return true if part of the message was lost
     */
    public boolean isTruncated() {
        return truncated;
    }

    /**
     * Returns the sender's address, or {@code null} when the sender is unnamed (an unbound
     * datagram socket, either end of a pair) or the socket is connected (streams, seqpacket).
     *
     * @return the sender, or null
     */
    public UnixSocketAddress sender() {
        return sender;
    }

    /**
     * Returns the descriptors that came with the message, in the order they were sent.
     *
     * @return an unmodifiable list, empty if none came; each is the receiver's to use or close
     */
    public List<Descriptor> descriptors() {
        return descriptors;
    }

    /**
     * Returns how many descriptors came beyond what the call asked for; they were closed.
     *
     * @return 0 or more
     */
    public int droppedDescriptors() {
        return droppedDescriptors;
    }

    @Override
    public String toString() {
        return "Received[" + (length < 0 ? "end of stream" : length + " bytes")
                + (truncated ? ", truncated" : "") + (sender != null ? ", from " + sender : "")
                + (descriptors.isEmpty() ? "" : ", " + descriptors.size() + " descriptors")
                + (droppedDescriptors == 0 ? "" : ", " + droppedDescriptors + " dropped") + "]";
    }
}
