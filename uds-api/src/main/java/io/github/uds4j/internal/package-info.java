/**
 * Helpers that uds4j's own modules share: the socket-file mechanism ({@link
 * io.github.uds4j.internal.SocketFiles}), error mapping, timeouts and channel waits.
 *
 * <p><b>Unsupported:</b> not part of uds4j's API or SPI. It changes without notice between
 * versions; do not use it from outside uds4j.
 */
package io.github.uds4j.internal;
