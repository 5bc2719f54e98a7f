package io.github.uds4j.cli;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Standard input as a relay's sending thread reads it, and what the relay needs to know of that
 * thread to end as {@code nc -N} and socat do: once the peer has closed its end, standard input
 * is copied only while it has bytes ready (the rest of a file, what a pipe already holds), never
 * waited for. Reads made after that, or after the relay ended, return the end of the input.
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
        if (!mayRead()) {
            return -1;
        }
        try {
            return in.read(b, off, len);
        } finally {
            readReturned();
        }
    }

    private synchronized boolean mayRead() {
        if (over || (peerClosed && !ready())) {
            return false;
        }
        reading = true;
        return true;
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
        while (!done && !(reading && !ready())) {
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

    /** Whether standard input has bytes that a read returns without waiting. */
    private boolean ready() {
        try {
            return in.available() > 0;
        } catch (IOException e) {
            return false;
        }
    }
}
