package io.github.uds4j.cli;

import io.github.uds4j.UnixSocket;
import io.github.uds4j.UnixSocketAddress;
import java.io.EOFException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Random;

/**
 * A client process for the fault suite, to be killed: {@code java -cp <test class path>
 * io.github.uds4j.cli.NeverReadingClient PROVIDER PATH}. It sends 64 KiB and reads the echo back
 * (checked), then sends for ever without reading, and prints {@code transferring} once it has
 * sent more. From then on the echo server has bytes of it that it has not read or that this
 * client has not read, so the kill makes the server's next read or write fail.
 */
public final class NeverReadingClient {
    private NeverReadingClient() {}

    public static void main(String[] args) throws Exception {
        UnixSocket s = ProviderByName.get(args[0])
                .connect(UnixSocketAddress.of(args[1]), EchoStream.CONNECT_TIMEOUT_MILLIS);
        byte[] block = new byte[64 * 1024];
        new Random(8).nextBytes(block);
        OutputStream out = s.getOutputStream();
        InputStream in = s.getInputStream();
        out.write(block);
        byte[] back = new byte[block.length];
        for (int got = 0; got < back.length; ) {
            int n = in.read(back, got, back.length - got);
            if (n < 0) {
                throw new EOFException("echo ended after " + got + " bytes");
            }
            got += n;
        }
        if (!Arrays.equals(block, back)) {
            throw new IllegalStateException("the echo differs from what was sent");
        }
        out.write(block);
        System.out.println("transferring");
        System.out.flush();
        while (true) {
            out.write(block); // blocks once the buffers are full: nobody reads the echo
        }
    }
}
