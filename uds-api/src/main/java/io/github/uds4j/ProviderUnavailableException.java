package io.github.uds4j;

/**
 * Thrown when no provider can make Unix domain sockets in this JVM, or the one forced with
 * {@code -Duds4j.provider} cannot. The message lists each candidate and why it was rejected.
 * Every call that needs a provider throws a fresh one, with the original failure as its cause
 * when there was one; the selection is not retried.
 */
public final class ProviderUnavailableException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    ProviderUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
