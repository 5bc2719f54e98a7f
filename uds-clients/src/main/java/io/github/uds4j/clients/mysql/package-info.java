/**
 * MySQL Connector/J over a Unix socket:
 * {@link io.github.uds4j.clients.mysql.MysqlUnixSocketFactory}, named by the driver's {@code
 * socketFactory} property, connects to the socket file given as the connection property {@code
 * uds4j.socket}, and honours the driver's {@code connectTimeout} (and login timeout) as the
 * connect timeout and its {@code socketTimeout} as the read timeout. Tested with {@code
 * com.mysql:mysql-connector-j} 9.7.0; needs a uds4j backend at run time.
 */
package io.github.uds4j.clients.mysql;
