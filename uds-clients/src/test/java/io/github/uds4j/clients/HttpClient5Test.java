package io.github.uds4j.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.uds4j.UnixSocketAddress;
import io.github.uds4j.clients.httpclient5.UnixSocketConnectionManagerBuilder;
import io.github.uds4j.contract.Bytes;
import io.github.uds4j.contract.FullBacklogServer;
import io.github.uds4j.contract.TinyHttpServer;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.Timeout;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout.ThreadMode;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Apache HttpClient 5.6 (classic) talks HTTP/1.1 to {@link TinyHttpServer} on a Unix socket,
 * named by {@code RequestConfig.setUnixDomainSocket}, through {@link
 * UnixSocketConnectionManagerBuilder}, once per backend (see {@link ForcedProvider}).
 */
@ExtendWith(ForcedProvider.class)
class HttpClient5Test {
    private static Path dir;
    private static Path socket;
    private static ExecutorService serverThreads;
    private static TinyHttpServer server;

    @BeforeAll
    static void startServer() throws IOException {
        dir = Files.createTempDirectory(Paths.get("/tmp"), "uds4j-http");
        socket = dir.resolve("http.sock");
        serverThreads = Executors.newCachedThreadPool();
        server = TinyHttpServer.start(UnixSocketAddress.of(socket), serverThreads);
    }

    @AfterAll
    static void stopServer() throws IOException {
        try {
            if (server != null) {
                server.close();
            }
        } finally {
            serverThreads.shutdownNow();
            Files.deleteIfExists(socket);
            Files.deleteIfExists(dir);
        }
    }

    /** A client whose requests go to {@code socketPath}, with the given timeouts in ms. */
    private static CloseableHttpClient client(Path socketPath, int connectMillis,
            int socketMillis, int responseMillis) {
        return HttpClients.custom()
                .setConnectionManager(UnixSocketConnectionManagerBuilder.create()
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.ofMilliseconds(connectMillis))
                                .setSocketTimeout(Timeout.ofMilliseconds(socketMillis))
                                .build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setUnixDomainSocket(socketPath)
                        .setResponseTimeout(responseMillis == 0 ? null
                                : Timeout.ofMilliseconds(responseMillis))
                        .build())
                .build();
    }

    private static String body(CloseableHttpClient client, ClassicHttpRequest request)
            throws IOException {
        return client.execute(request, response -> {
            assertThat(response.getCode()).as("status of " + request).isEqualTo(200);
            return EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8);
        });
    }

    @Test
    void getAndPostGoToTheSocketWhateverHostAndPortTheUrlNames() throws Exception {
        Path socketPath = socket;
        // readme:start client
        CloseableHttpClient client = HttpClients.custom()
                .setConnectionManager(UnixSocketConnectionManagerBuilder.create()
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.ofSeconds(2))
                                .setSocketTimeout(Timeout.ofSeconds(10))
                                .build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setUnixDomainSocket(socketPath)
                        .setResponseTimeout(Timeout.ofSeconds(5))
                        .build())
                .build();
        // readme:end
        try (CloseableHttpClient c = client) {
            // Nothing listens on TCP port 1: only the socket file can answer.
            assertThat(body(client, new HttpGet("http://localhost:1/hello")))
                    .isEqualTo(TinyHttpServer.HELLO);
            HttpPost post = new HttpPost("http://localhost:1/echo");
            post.setEntity(new ByteArrayEntity("ping".getBytes(StandardCharsets.UTF_8),
                    ContentType.TEXT_PLAIN));
            assertThat(body(client, post)).isEqualTo("ping");
        }
        assertThat(server.requests()).contains("GET /hello host=localhost:1",
                "POST /echo host=localhost:1");
    }

    @Test
    void aRequestNamesItsSocketInItsOwnConfig() throws Exception {
        // The client has no default socket: this request's RequestConfig names one.
        try (CloseableHttpClient client = HttpClients.custom()
                .setConnectionManager(UnixSocketConnectionManagerBuilder.create().build())
                .build()) {
            HttpGet get = new HttpGet("http://per-request.test/hello");
            get.setConfig(RequestConfig.custom().setUnixDomainSocket(socket).build());
            assertThat(body(client, get)).isEqualTo(TinyHttpServer.HELLO);
        }
        assertThat(server.requests()).contains("GET /hello host=per-request.test");
    }

    @Test
    void postsAMebibyteAndReadsItBack() throws Exception {
        byte[] data = Bytes.random(1 << 20, 83);
        HttpPost post = new HttpPost("http://localhost/echo");
        post.setEntity(new ByteArrayEntity(data, ContentType.APPLICATION_OCTET_STREAM));
        try (CloseableHttpClient client = client(socket, 2000, 10000, 0)) {
            byte[] back = client.execute(post, response -> {
                assertThat(response.getCode()).isEqualTo(200);
                return EntityUtils.toByteArray(response.getEntity());
            });
            assertThat(back).hasSize(data.length);
            assertThat(Bytes.sha256(back)).isEqualTo(Bytes.sha256(data));
        }
    }

    @Test
    void responseTimeoutEndsAStalledResponseWithinTwiceTheTimeout() throws Exception {
        try (CloseableHttpClient client = client(socket, 2000, 30000, 1000)) {
            assertStallTimesOut(client, "the 1000 ms response timeout");
            assertThat(body(client, new HttpGet("http://localhost/hello")))
                    .as("a later request works").isEqualTo(TinyHttpServer.HELLO);
        }
    }

    @Test
    void connectionSocketTimeoutEndsAStalledResponseWithinTwiceTheTimeout() throws Exception {
        try (CloseableHttpClient client = client(socket, 2000, 1000, 0)) {
            assertStallTimesOut(client, "the 1000 ms socket timeout");
        }
    }

    /** GET /stall, answered only when the server closes, must time out after about 1000 ms. */
    private static void assertStallTimesOut(CloseableHttpClient client, String what) {
        long start = System.nanoTime();
        Throwable t = catchThrowable(() -> body(client, new HttpGet("http://localhost/stall")));
        long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(t).as("thrown").isInstanceOf(SocketTimeoutException.class);
        assertThat(elapsed).as("ms until " + what + " fired").isBetween(900L, 2000L);
    }

    @Test
    void missingSocketFileNamesThePath() throws Exception {
        Path missing = dir.resolve("no-server.sock");
        try (CloseableHttpClient client = client(missing, 1000, 1000, 0)) {
            Throwable t = catchThrowable(() -> body(client, new HttpGet("http://localhost/hello")));
            assertThat(t).isInstanceOf(IOException.class);
            assertThat(Causes.has(t, NoSuchFileException.class)).as(Causes.messages(t)).isTrue();
            assertThat(Causes.messages(t)).contains(missing.toString());
        }
    }

    @Test
    @org.junit.jupiter.api.Timeout(value = 30, threadMode = ThreadMode.SEPARATE_THREAD)
    void connectTimeoutEndsAConnectToAFullBacklogWithinTwiceTheTimeout() throws Exception {
        Path full = dir.resolve("full.sock");
        try (FullBacklogServer backlog = new FullBacklogServer(UnixSocketAddress.of(full));
                CloseableHttpClient client = client(full, 500, 1000, 0)) {
            long start = System.nanoTime();
            Throwable t = catchThrowable(() -> body(client, new HttpGet("http://localhost/hello")));
            long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(Causes.has(t, SocketTimeoutException.class)).as(Causes.messages(t))
                    .isTrue();
            assertThat(Causes.messages(t)).contains(full.toString());
            assertThat(elapsed).as("ms until the 500 ms connect timeout fired")
                    .isBetween(450L, 1000L);
        }
    }

    @Test
    void poolOfFiftyServesFiftyRequestsTogether() throws Exception {
        Path socketPath = socket;
        // readme:start pool
        PoolingHttpClientConnectionManager connections = UnixSocketConnectionManagerBuilder
                .create()
                .setMaxConnTotal(50)
                .setMaxConnPerRoute(50)
                .build();
        CloseableHttpClient client = HttpClients.custom()
                .setConnectionManager(connections)
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setUnixDomainSocket(socketPath)
                        .build())
                .build();
        // readme:end
        int before = server.connections();
        ExecutorService threads = Executors.newFixedThreadPool(50);
        try (CloseableHttpClient c = client) {
            // The server answers /gather/50 only once all 50 requests are in at the same time.
            List<Future<String>> answers = new ArrayList<Future<String>>();
            for (int i = 0; i < 50; i++) {
                answers.add(threads.submit(() -> body(client,
                        new HttpGet("http://localhost/gather/50"))));
            }
            for (Future<String> a : answers) {
                assertThat(a.get(60, TimeUnit.SECONDS)).isEqualTo("50 in together\n");
            }
            assertThat(server.connections() - before).as("connections accepted").isEqualTo(50);
            assertThat(connections.getTotalStats().getAvailable()).as("pooled connections")
                    .isEqualTo(50);
        } finally {
            threads.shutdownNow();
        }
    }
}
