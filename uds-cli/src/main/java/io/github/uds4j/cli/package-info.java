/**
 * The {@code uds} command line ({@link io.github.uds4j.cli.Main}): the echo server and client,
 * the socket-pair demo, {@code connect} and {@code listen}, {@code info} and {@code bench}. It is
 * shipped as {@code uds.jar} and is not a library: nothing here is API.
 */
package io.github.uds4j.cli;
