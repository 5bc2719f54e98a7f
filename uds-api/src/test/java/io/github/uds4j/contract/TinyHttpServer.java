package io.github.uds4j.contract;

import io.github.uds4j.UnixServerSocket;
import io.github.uds4j.UnixSocket;
import io.github.uds4j.UnixSocketAddress;
import io.github.uds4j.UnixSockets;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small HTTP/1.1 server on a Unix socket, enough to test clients against:
 * <ul>
 *   <li>{@code GET /hello} answers {@link #HELLO};
 *   <li>{@code POST /echo} answers with the request's body;
 *   <li>{@code GET /stall} answers only once {@link #releaseStalled()} is called (or the server
 *       closes), so a client's read timeout passes without any race;
 *   <li>{@code GET /gather/N} answers once N such requests (with the same N) are in at the same
 *       time, each on its own connection, so an answer proves that N connections were open and
 *       served together; if they are not all in within 30 s, each gets 504 saying how many came;
 *   <li>anything else gets 404.
 * </ul>
 * Connections stay open for further requests unless the client sends {@code Connection: close}.
 * Bodies must come with {@code Content-Length}. Each connection is served by a thread of the
 * pool it is given, so that pool needs a thread per connection served at once and one more
 * for accepting.
 */
public final class TinyHttpServer implements Closeable {
    public static final String HELLO = "hello over a Unix socket\n";
    private static final int MAX_LINE = 8192;
    private static final String TEXT = "text/plain; charset=utf-8";
    private static final long GATHER_SECONDS = 30;

    private final UnixServerSocket server;
    private final ExecutorService threads;
    private final Set<UnixSocket> open = ConcurrentHashMap.<UnixSocket>newKeySet();
    private final AtomicInteger connections = new AtomicInteger();
    private final List<String> requests = new CopyOnWriteArrayList<String>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final Map<Integer, CountDownLatch> gatherings =
            new ConcurrentHashMap<Integer, CountDownLatch>();

    private TinyHttpServer(UnixServerSocket server, ExecutorService threads) {
        this.server = server;
        this.threads = threads;
    }

    /** Listens at {@code address} and serves with threads from {@code threads}. */
    public static TinyHttpServer start(UnixSocketAddress address, ExecutorService threads)
            throws IOException {
        TinyHttpServer s = new TinyHttpServer(UnixSockets.bind(address), threads);
        try {
            threads.submit(s::acceptLoop);
        } catch (RejectedExecutionException e) {
            s.close();
            throw e;
        }
        return s;
    }

    /** Returns how many connections were accepted. */
    public int connections() {
        return connections.get();
    }

    /** Returns the requests seen, as {@code "METHOD TARGET host=HOST"}, in order. */
    public List<String> requests() {
        return new ArrayList<String>(requests);
    }

    /** Lets the requests waiting in {@code /stall} be answered. */
    public void releaseStalled() {
        release.countDown();
    }

    private Void acceptLoop() {
        while (true) {
            UnixSocket s;
            try {
                s = server.accept();
            } catch (IOException closed) {
                return null;
            }
            connections.incrementAndGet();
            open.add(s);
            try {
                threads.submit(() -> serve(s));
            } catch (RejectedExecutionException e) {
                closeQuietly(s);
                return null;
            }
        }
    }

    private Void serve(UnixSocket socket) {
        try (UnixSocket s = socket) {
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = new BufferedOutputStream(s.getOutputStream());
            String requestLine;
            while ((requestLine = readLine(in)) != null) {
                if (requestLine.isEmpty()) {
                    continue; // a stray CRLF between requests
                }
                Map<String, String> headers = new HashMap<String, String>();
                String line;
                while (!(line = requireLine(in)).isEmpty()) {
                    int colon = line.indexOf(':');
                    if (colon <= 0) {
                        throw new ProtocolException("bad header line: " + line);
                    }
                    headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                            line.substring(colon + 1).trim());
                }
                String[] parts = requestLine.split(" ");
                if (parts.length != 3 || headers.containsKey("transfer-encoding")) {
                    respond(out, 400, "Bad Request", TEXT, text("bad request\n"), true);
                    return null;
                }
                String method = parts[0];
                String target = parts[1];
                requests.add(method + " " + target + " host=" + headers.get("host"));
                String length = headers.get("content-length");
                byte[] body = readBody(in, length == null ? 0 : Integer.parseInt(length));
                boolean close = "close".equalsIgnoreCase(headers.get("connection"));
                if (method.equals("GET") && target.equals("/hello")) {
                    respond(out, 200, "OK", TEXT, text(HELLO), close);
                } else if (method.equals("POST") && target.equals("/echo")) {
                    respond(out, 200, "OK", "application/octet-stream", body, close);
                } else if (method.equals("GET") && target.equals("/stall")) {
                    release.await();
                    respond(out, 200, "OK", TEXT, text("late\n"), close);
                } else if (method.equals("GET") && target.startsWith("/gather/")) {
                    int n = Integer.parseInt(target.substring("/gather/".length()));
                    CountDownLatch all = gatherings.computeIfAbsent(n, CountDownLatch::new);
                    all.countDown();
                    if (all.await(GATHER_SECONDS, TimeUnit.SECONDS)) {
                        respond(out, 200, "OK", TEXT, text(n + " in together\n"), close);
                    } else {
                        respond(out, 504, "Gateway Timeout", TEXT, text("only "
                                + (n - all.getCount()) + " of " + n + " came in "
                                + GATHER_SECONDS + " s\n"), close);
                    }
                } else {
                    respond(out, 404, "Not Found", TEXT, text("not found\n"), close);
                }
                if (close) {
                    return null;
                }
            }
        } catch (IOException | InterruptedException | NumberFormatException e) {
            // the client went away, sent nonsense, or the server is closing
        } finally {
            open.remove(socket);
        }
        return null;
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void respond(OutputStream out, int code, String reason, String type,
            byte[] body, boolean close) throws IOException {
        String head = "HTTP/1.1 " + code + " " + reason + "\r\n"
                + "Content-Type: " + type + "\r\n"
                + "Content-Length: " + body.length + "\r\n"
                + (close ? "Connection: close\r\n" : "")
                + "\r\n";
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
    }

    private static byte[] readBody(InputStream in, int length) throws IOException {
        byte[] body = new byte[length];
        int off = 0;
        while (off < length) {
            int n = in.read(body, off, length - off);
            if (n < 0) {
                throw new EOFException("body ended after " + off + " of " + length + " bytes");
            }
            off += n;
        }
        return body;
    }

    private static String requireLine(InputStream in) throws IOException {
        String line = readLine(in);
        if (line == null) {
            throw new EOFException("request ended in its headers");
        }
        return line;
    }

    /** Reads a line ending in LF (a CR before it is dropped); null at the end of the stream. */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (line.size() == MAX_LINE) {
                throw new ProtocolException("line longer than " + MAX_LINE + " bytes");
            }
            line.write(b);
        }
        if (b < 0 && line.size() == 0) {
            return null;
        }
        String s = new String(line.toByteArray(), StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    /** Stops listening, releases stalled requests and closes every open connection. */
    @Override
    public void close() throws IOException {
        release.countDown();
        IOException failure = null;
        try {
            server.close();
        } catch (IOException e) {
            failure = e;
        }
        for (UnixSocket s : open) {
            try {
                s.close();
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static void closeQuietly(UnixSocket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // it was never served
        }
    }
}
