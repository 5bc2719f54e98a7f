package io.github.uds4j.cli;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Standard input as a relay's sending thread reads it, and what the relay needs to know of that
 * thread to end as {@code nc -N} and socat do: once the peer has closed its end, standard input
 * is copied only while it has bytes ready (the rest of a file, what a pipe already holds), never
 * waited for. Reads made after that, or after the relay ended, return the end of the input.
 *
 * <p>A read of bytes that are ready takes at most those bytes, so it cannot wait; only a read
 * made with nothing ready may wait, and only such a read counts as "reading". So the relay can
 * end while the sending thread waits for input, but never while it is still inside a read that
 * took the last bytes ready (which, descheduled after the copy, looked the same from outside:
 * reading, and nothing ready).
 */
final class RelayInput extends FilterInputStream {
    private boolean peerClosed;
    private boolean reading;
    private boolean over;
    private boolean done;

    RelayInput(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int ready = mayRead();
        if (ready < 0) {
            return -1;
        }
        if (ready > 0) {
            return in.read(b, off, Math.min(len, ready)); // does not wait
        }
        try {
            return in.read(b, off, len);
        } finally {
            readReturned();
        }
    }

    /**
     * Returns -1 if no read may be made, else how many bytes are ready (0: the read may wait,
     * and counts as reading until it returns).
     */
    private synchronized int mayRead() {
        int ready = ready();
        if (over || (peerClosed && ready == 0)) {
            return -1;
        }
        if (ready == 0) {
            reading = true;
        }
        return ready;
    }

    private synchronized void readReturned() {
        reading = false;
        notifyAll();
    }

    /** Returns whether the relay has ended: what was read is no longer sent. */
    synchronized boolean over() {
        return over;
    }

    /** Called by the sending thread when it stops, for whatever reason. */
    synchronized void senderDone() {
        done = true;
        notifyAll();
    }

    /**
     * Called when the peer has closed its end: returns once the sending thread is done or waits
     * in a read of standard input that has nothing ready, and ends the relay.
     */
    synchronized void peerClosed() throws InterruptedException {
        peerClosed = true;
        while (!done && !(reading && ready() == 0)) {
            wait();
        }
        over = true;
    }

    /** Waits until the sending thread is done. */
    synchronized void awaitSender() throws InterruptedException {
        while (!done) {
            wait();
        }
    }

    /** Returns whether the sending thread is done. */
    synchronized boolean senderFinished() {
        return done;
    }

    /** Ends the relay: what is read from now on is not sent. */
    synchronized void end() {
        over = true;
    }

    /** How many bytes of standard input a read returns without waiting (0 if unknown). */
    private int ready() {
        try {
            return Math.max(in.available(), 0);
        } catch (IOException e) {
            return 0;
        }
    }
}
