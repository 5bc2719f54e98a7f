/**
 * Jedis (7.x) over a Unix socket: {@link io.github.uds4j.clients.jedis.UnixJedisSocketFactory} is
 * a {@code redis.clients.jedis.JedisSocketFactory} whose connections go to a socket file, with
 * the connect and socket timeouts of the {@code JedisClientConfig} it is given. Pass it to {@code
 * Jedis}, {@code JedisPool}, {@code JedisPooled} or a {@code ConnectionFactory} together with the
 * same {@code JedisClientConfig}:
 *
 * <pre>{@code
 * JedisClientConfig config = DefaultJedisClientConfig.builder()
 *     .connectionTimeoutMillis(2000).socketTimeoutMillis(2000).build();
 * JedisPool pool = new JedisPool(new JedisPoolConfig(),
 *     new UnixJedisSocketFactory("/run/redis/redis.sock", config), config);
 * }</pre>
 *
 * <p>Jedis needs only the {@code java.net.Socket} the factory returns; everything else (the
 * protocol, {@code AUTH}, {@code SELECT}, client names, blocking commands' timeouts) is Jedis's own
 * and works as over TCP. TLS settings of the configuration do not apply: the socket is local.
 */
package io.github.uds4j.clients.jedis;
