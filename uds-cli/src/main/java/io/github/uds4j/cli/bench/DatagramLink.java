package io.github.uds4j.cli.bench;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.ByteChannel;

/**
 * Two datagram sockets connected to each other, for one measurement: each {@code write} of the
 * sender is one datagram, each {@code read} of the receiver one datagram.
 */
final class DatagramLink implements Closeable {
    final ByteChannel sender;
    final ByteChannel receiver;

    DatagramLink(ByteChannel sender, ByteChannel receiver) {
        this.sender = sender;
        this.receiver = receiver;
    }

    /** Closes both sockets (which also wakes a thread blocked in one); reports the first failure. */
    @Override
    public void close() throws IOException {
        IOException failure = null;
        for (Closeable c : new Closeable[] {sender, receiver}) {
            try {
                c.close();
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
