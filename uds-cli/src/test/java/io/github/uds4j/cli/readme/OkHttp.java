package io.github.uds4j.cli.readme;

// The README's OkHttp example (section "JDBC and HTTP clients over a Unix socket"): the README
// shows the regions between "readme:start" and "readme:end" (ReadmeInStepTest checks it);
// ReadmeSamplesTest runs it against a server that checks the request.
// readme:start
import io.github.uds4j.UnixSocketFactory;
import java.io.IOException;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
// readme:end

public final class OkHttp {
    private OkHttp() {
    }

    // readme:start
    /** GETs /hello from the HTTP server at socketFile, such as /run/myapp/api.sock. */
    public static String hello(String socketFile) throws IOException {
        OkHttpClient client = new OkHttpClient.Builder()
                .socketFactory(new UnixSocketFactory(socketFile))
                .build();
        // Host and port go into the Host header only: every connection goes to socketFile.
        Request request = new Request.Builder().url("http://localhost/hello").build();
        try (Response r = client.newCall(request).execute()) {
            return r.body().string();
        }
    }
    // readme:end
}
