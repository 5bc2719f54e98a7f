package io.github.uds4j.ffm;

import io.github.uds4j.Descriptor;
import java.io.Closeable;
import java.io.FileDescriptor;
import java.io.IOException;

/**
 * Between descriptor numbers and {@link FileDescriptor}s, which have no public way in or out.
 * TODO(helper): implement.
 */
final class Fds {
    private Fds() {}

    /** Descriptors lent for one send: their numbers, valid until {@link #close()}. */
    interface Lent extends Closeable {
        int[] numbers();

        @Override
        void close();
    }

    static Lent lend(Descriptor[] descriptors) throws IOException {
        throw new UnsupportedOperationException("TODO");
    }

    /** Wraps received numbers, which become the returned objects'. */
    static FileDescriptor[] adopt(int[] fds) throws IOException {
        if (fds.length == 0) {
            return null;
        }
        throw new UnsupportedOperationException("TODO");
    }

    /** A FileDescriptor for an open socket of this provider, to lend it. */
    static FileDescriptor view(SocketFd fd) {
        throw new UnsupportedOperationException("TODO");
    }
}
