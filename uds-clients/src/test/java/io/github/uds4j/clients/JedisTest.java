package io.github.uds4j.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.uds4j.UnixSocketAddress;
import io.github.uds4j.clients.jedis.UnixJedisSocketFactory;
import io.github.uds4j.contract.Bytes;
import io.github.uds4j.contract.FullBacklogServer;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionFactory;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.JedisPoolConfig;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.providers.PooledConnectionProvider;

/**
 * Jedis talks to a real Redis server on its Unix socket (no TCP port) through {@link
 * UnixJedisSocketFactory}, once per backend (see {@link ForcedProvider}).
 */
@ExtendWith(ForcedProvider.class)
class JedisTest {
    @RegisterExtension
    static final RedisServer REDIS = new RedisServer();

    private static JedisClientConfig config(int connectMillis, int socketMillis) {
        return DefaultJedisClientConfig.builder().connectionTimeoutMillis(connectMillis)
                .socketTimeoutMillis(socketMillis).clientName("uds4j-test").build();
    }

    @Test
    void setGetAppendDeleteOverTheSocket() throws Exception {
        String socketPath = REDIS.socketPath().toString();
        // readme:start one
        JedisClientConfig config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(2000)
                .socketTimeoutMillis(2000)
                .build();
        Jedis jedis = new Jedis(new UnixJedisSocketFactory(socketPath, config), config);
        // readme:end
        try (Jedis j = jedis) {
            jedis.set("greeting", "hello");
            assertThat(jedis.get("greeting")).isEqualTo("hello");
            assertThat(jedis.append("greeting", " world")).isEqualTo(11);
            assertThat(jedis.get("greeting")).isEqualTo("hello world");
            assertThat(jedis.del("greeting")).isEqualTo(1);
            assertThat(jedis.get("greeting")).isNull();
            // The server sees a Unix socket client (flag U) on its socket file.
            assertThat(jedis.clientInfo()).contains("flags=U").contains("laddr=" + socketPath);
        }
    }

    @Test
    void jedisPooledSetsAndGets() {
        String socketPath = REDIS.socketPath().toString();
        // readme:start pooled
        JedisClientConfig config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(2000)
                .socketTimeoutMillis(2000)
                .build();
        GenericObjectPoolConfig<Connection> poolConfig = new GenericObjectPoolConfig<>();
        poolConfig.setMaxTotal(50);
        JedisPooled redis = new JedisPooled(poolConfig,
                new UnixJedisSocketFactory(socketPath, config), config);
        // readme:end
        try (JedisPooled r = redis) {
            redis.set("counter", "41");
            redis.incr("counter");
            assertThat(redis.get("counter")).isEqualTo("42");
            assertThat(redis.del("counter")).isEqualTo(1);
        }
    }

    @Test
    void redisClientTakesTheFactoryThroughAConnectionProvider() {
        JedisClientConfig config = config(2000, 2000);
        GenericObjectPoolConfig<Connection> poolConfig = new GenericObjectPoolConfig<>();
        poolConfig.setMaxTotal(4);
        try (RedisClient redis = RedisClient.builder()
                .connectionProvider(new PooledConnectionProvider(new ConnectionFactory(
                        new UnixJedisSocketFactory(REDIS.socketPath().toString(), config),
                        config), poolConfig))
                .build()) {
            redis.set("client", "redis");
            assertThat(redis.get("client")).isEqualTo("redis");
            assertThat(redis.del("client")).isEqualTo(1);
        }
    }

    @Test
    void oneMebibyteInOneValue() {
        byte[] data = Bytes.random(1 << 20, 79);
        byte[] key = "mebibyte".getBytes(StandardCharsets.UTF_8);
        JedisClientConfig config = config(2000, 10000);
        try (Jedis jedis = new Jedis(new UnixJedisSocketFactory(
                REDIS.socketPath().toString(), config), config)) {
            assertThat(jedis.set(key, data)).isEqualTo("OK");
            assertThat(jedis.strlen(key)).isEqualTo(data.length);
            assertThat(Bytes.sha256(jedis.get(key))).isEqualTo(Bytes.sha256(data));
            jedis.del(key);
        }
    }

    @Test
    void socketTimeoutEndsAStalledReplyWithinTwiceTheTimeout() {
        JedisClientConfig config = config(2000, 1000);
        UnixJedisSocketFactory factory = new UnixJedisSocketFactory(
                REDIS.socketPath().toString(), config);
        try (Jedis jedis = new Jedis(factory, config)) {
            assertThat(jedis.ping()).isEqualTo("PONG");
            // BLPOP sent as a plain command: the server holds the reply for 10 s (nothing is
            // ever pushed), and Jedis keeps the socket timeout of 1000 ms for it.
            long start = System.nanoTime();
            Throwable t = catchThrowable(() -> jedis.sendCommand(Protocol.Command.BLPOP,
                    "never-pushed", "10"));
            long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(t).isInstanceOf(JedisConnectionException.class);
            assertThat(Causes.has(t, SocketTimeoutException.class)).as(Causes.messages(t))
                    .isTrue();
            assertThat(elapsed).as("ms until the 1000 ms socket timeout fired")
                    .isBetween(900L, 2000L);
        }
        try (Jedis again = new Jedis(factory, config)) {
            assertThat(again.ping()).as("a new connection works").isEqualTo("PONG");
        }
    }

    @Test
    void missingSocketFileNamesThePath(@TempDir Path dir) {
        String missing = dir.resolve("no-redis.sock").toString();
        JedisClientConfig config = config(1000, 1000);
        Throwable t = catchThrowable(() -> {
            try (Jedis jedis = new Jedis(new UnixJedisSocketFactory(missing, config), config)) {
                jedis.ping();
            }
        });
        assertThat(t).isInstanceOf(JedisConnectionException.class).hasMessageContaining(missing);
        assertThat(Causes.has(t, NoSuchFileException.class)).as(Causes.messages(t)).isTrue();
    }

    @Test
    @Timeout(30)
    void connectionTimeoutEndsAConnectToAFullBacklogWithinTwiceTheTimeout(@TempDir Path dir)
            throws Exception {
        UnixSocketAddress address = UnixSocketAddress.of(dir.resolve("full.sock"));
        try (FullBacklogServer full = new FullBacklogServer(address)) {
            JedisClientConfig config = config(500, 1000);
            long start = System.nanoTime();
            Throwable t = catchThrowable(() -> {
                try (Jedis jedis = new Jedis(new UnixJedisSocketFactory(
                        address.getPath().toString(), config), config)) {
                    jedis.ping();
                }
            });
            long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(t).isInstanceOf(JedisConnectionException.class)
                    .hasMessageContaining(address.getPath().toString());
            assertThat(Causes.has(t, SocketTimeoutException.class)).as(Causes.messages(t))
                    .isTrue();
            assertThat(elapsed).as("ms until the 500 ms connection timeout fired")
                    .isBetween(450L, 1000L);
        }
    }

    @Test
    void poolOfFiftyHoldsFiftyConnectionsAtOnceAndEachWorks() throws Exception {
        String socketPath = REDIS.socketPath().toString();
        // readme:start pool
        JedisClientConfig config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(2000)
                .socketTimeoutMillis(2000)
                .clientName("uds4j-pool")
                .build();
        JedisPoolConfig poolConfig = new JedisPoolConfig();
        poolConfig.setMaxTotal(50);
        poolConfig.setMaxIdle(50);
        JedisPool pool = new JedisPool(poolConfig,
                new UnixJedisSocketFactory(socketPath, config), config);
        // readme:end
        try (JedisPool p = pool) {
            List<Jedis> held = new ArrayList<Jedis>();
            ExecutorService threads = Executors.newFixedThreadPool(50);
            try {
                for (int i = 0; i < 50; i++) {
                    held.add(pool.getResource());
                }
                assertThat(pool.getNumActive()).isEqualTo(50);
                // All 50 work at the same time: each waits at the barrier with its connection
                // open, then writes and reads back its own key.
                CyclicBarrier together = new CyclicBarrier(50);
                List<Future<Long>> ids = new ArrayList<Future<Long>>();
                for (int i = 0; i < 50; i++) {
                    Jedis jedis = held.get(i);
                    String key = "pool-" + i;
                    ids.add(threads.submit((Callable<Long>) () -> {
                        together.await(30, TimeUnit.SECONDS);
                        jedis.set(key, key);
                        assertThat(jedis.get(key)).isEqualTo(key);
                        jedis.del(key);
                        return jedis.clientId();
                    }));
                }
                Set<Long> distinct = new HashSet<Long>();
                for (Future<Long> f : ids) {
                    distinct.add(f.get(60, TimeUnit.SECONDS));
                }
                assertThat(distinct).as("server-side client ids").hasSize(50);
                String clients = held.get(0).clientList();
                assertThat(count(clients, "name=uds4j-pool ")).as("CLIENT LIST:\n" + clients)
                        .isEqualTo(50);
            } finally {
                threads.shutdownNow();
                for (Jedis j : held) {
                    j.close(); // returns it to the pool
                }
            }
            assertThat(pool.getNumActive()).isZero();
            assertThat(pool.getNumIdle()).isEqualTo(50);
        }
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
