/**
 * Apache HttpClient 5.6 (classic) over a Unix socket, on any uds4j provider and any Java from 8
 * up: {@code RequestConfig.setUnixDomainSocket(Path)} works as documented, with the pooling
 * connection manager built by {@link
 * io.github.uds4j.clients.httpclient5.UnixSocketConnectionManagerBuilder}.
 *
 * <p>HttpClient routes a request whose {@code RequestConfig} names a Unix domain socket to that
 * path (the path is part of the route, so each path has its own pool entries) and hands it to the
 * connection manager's {@code HttpClientConnectionOperator}. The default operator connects it
 * only through junixsocket's {@code AFUNIXSocket}, found by class name; without junixsocket it
 * fails ("JEP 380 Unix domain sockets are not supported; use JUnixSocket"), also on Java 16+.
 * {@link io.github.uds4j.clients.httpclient5.UnixSocketConnectionOperator} connects those routes
 * through uds4j instead and leaves every TCP route to the default operator.
 *
 * <pre>{@code
 * CloseableHttpClient client = HttpClients.custom()
 *     .setConnectionManager(UnixSocketConnectionManagerBuilder.create()
 *         .setDefaultConnectionConfig(ConnectionConfig.custom()
 *             .setConnectTimeout(Timeout.ofSeconds(2)).build())
 *         .build())
 *     .setDefaultRequestConfig(RequestConfig.custom()
 *         .setUnixDomainSocket(Paths.get("/var/run/docker.sock"))
 *         .setResponseTimeout(Timeout.ofSeconds(5)).build())
 *     .build();
 * }</pre>
 *
 * <p>Timeouts: {@code ConnectionConfig}'s connect timeout limits the connect (it waits only while
 * the server's backlog is full), and its socket timeout and {@code RequestConfig}'s response
 * timeout become the socket's read timeout, as over TCP.
 */
package io.github.uds4j.clients.httpclient5;
