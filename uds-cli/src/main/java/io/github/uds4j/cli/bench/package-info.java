/**
 * {@code uds bench}: throughput, round-trip and start-up measurements of uds4j's providers
 * against the JDK's channels, junixsocket's own classes and TCP ({@link
 * io.github.uds4j.cli.bench.Harness}). Part of the command line; nothing here is API.
 */
package io.github.uds4j.cli.bench;
