/**
 * MariaDB Connector/J over a Unix socket: {@link
 * io.github.uds4j.clients.mariadb.MariaDbUnixSocketFactory}, named by the driver's {@code
 * socketFactory} parameter, connects to the socket file given as the URL parameter {@code
 * uds4j.socket}, and honours the driver's {@code connectTimeout} as the connect timeout and its
 * {@code socketTimeout} as the read timeout. Tested with
 * {@code org.mariadb.jdbc:mariadb-java-client} 3.5.11; needs a uds4j backend at run time.
 */
package io.github.uds4j.clients.mariadb;
