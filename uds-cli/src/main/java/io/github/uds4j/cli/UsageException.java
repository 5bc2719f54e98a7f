package io.github.uds4j.cli;

/** A command line that cannot be obeyed: exit status {@value Main#USAGE} and a one-line message. */
final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
