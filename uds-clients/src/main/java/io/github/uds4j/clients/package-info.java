/**
 * Adapters that let popular clients reach their servers over a Unix socket through uds4j: the
 * socket path comes from the client's own configuration, and the client's connect and read
 * timeouts become uds4j's timeouts. Each client library is an optional dependency of this module;
 * an application adds the one it uses. The README's "Clients" section has a configuration to copy
 * for each.
 */
package io.github.uds4j.clients;
