package io.github.uds4j.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.uds4j.UnixSocketAddress;
import io.github.uds4j.UnixSocketFactory;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * OkHttp talks HTTP/1.1 to a server on a Unix socket ({@link TinyHttpServer}) through {@link
 * UnixSocketFactory}: the URL's host and port only fill the {@code Host} header, every connection
 * goes to the socket file.
 */
public abstract class HttpClientContract extends ContractTestBase {
    private TinyHttpServer server;
    private OkHttpClient client;

    @BeforeEach
    void startServerAndClient() throws IOException {
        UnixSocketAddress address = address("http.sock");
        server = TinyHttpServer.start(address, threads);
        client = new OkHttpClient.Builder()
                .socketFactory(new UnixSocketFactory(address.getPath().toString()))
                .build();
    }

    @AfterEach
    void stopServerAndClient() throws IOException {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
        server.close();
    }

    private static Request get(String url) {
        return new Request.Builder().url(url).build();
    }

    @Test
    void getReachesTheSocketWhateverHostAndPortTheUrlNames() throws Exception {
        // Nothing listens on TCP port 1: only the socket file can answer.
        try (Response r = client.newCall(get("http://localhost:1/hello")).execute()) {
            assertThat(r.code()).isEqualTo(200);
            assertThat(r.body().string()).isEqualTo(TinyHttpServer.HELLO);
        }
        assertThat(server.requests()).containsExactly("GET /hello host=localhost:1");
    }

    @Test
    void postsAMebibyteAndReadsItBack() throws Exception {
        byte[] data = Bytes.random(1 << 20, 61);
        Request post = new Request.Builder().url("http://localhost/echo")
                .post(RequestBody.create(data, MediaType.get("application/octet-stream")))
                .build();
        try (Response r = client.newCall(post).execute()) {
            assertThat(r.code()).isEqualTo(200);
            assertThat(r.header("Content-Length")).isEqualTo(String.valueOf(data.length));
            assertThat(Bytes.sha256(r.body().bytes())).isEqualTo(Bytes.sha256(data));
        }
    }

    @Test
    void keepsOneConnectionAliveForSeveralRequests() throws Exception {
        for (int i = 0; i < 3; i++) {
            try (Response r = client.newCall(get("http://localhost/hello")).execute()) {
                assertThat(r.code()).isEqualTo(200);
                assertThat(r.body().string()).isEqualTo(TinyHttpServer.HELLO);
            }
        }
        assertThat(server.requests()).hasSize(3);
        assertThat(server.connections()).as("connections accepted").isEqualTo(1);
    }

    @Test
    void connectsAgainAfterTheServerClosesAConnection() throws Exception {
        Request closing = new Request.Builder().url("http://localhost/hello")
                .header("Connection", "close").build();
        for (int i = 0; i < 2; i++) {
            try (Response r = client.newCall(closing).execute()) {
                assertThat(r.code()).isEqualTo(200);
                assertThat(r.header("Connection")).isEqualTo("close");
                assertThat(r.body().string()).isEqualTo(TinyHttpServer.HELLO);
            }
        }
        assertThat(server.connections()).as("connections accepted").isEqualTo(2);
    }

    @Test
    void readTimeoutEndsAStalledResponseAndLaterCallsWork() throws Exception {
        OkHttpClient impatient = client.newBuilder().readTimeout(300, TimeUnit.MILLISECONDS)
                .build();
        // /stall does not answer until released, so the timeout must pass first.
        Throwable t = catchThrowable(() -> impatient.newCall(get("http://localhost/stall"))
                .execute().close());
        assertThat(t).isInstanceOf(InterruptedIOException.class);
        server.releaseStalled();
        try (Response r = impatient.newCall(get("http://localhost/hello")).execute()) {
            assertThat(r.code()).isEqualTo(200);
            assertThat(r.body().string()).isEqualTo(TinyHttpServer.HELLO);
        }
    }
}
