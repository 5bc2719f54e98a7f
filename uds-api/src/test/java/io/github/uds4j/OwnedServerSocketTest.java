package io.github.uds4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Which accepted peers a server with {@link BindOptions#allowedUids} lets in. */
class OwnedServerSocketTest {

    /** A socket whose only working calls are getPeerCredentials, as given, and close. */
    private static UnixSocket peer(PeerCredentials credentials, IOException failure,
            AtomicInteger closes) {
        return (UnixSocket) Proxy.newProxyInstance(UnixSocket.class.getClassLoader(),
                new Class<?>[] {UnixSocket.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "getPeerCredentials":
                            if (failure != null) {
                                throw failure;
                            }
                            return credentials;
                        case "close":
                            closes.incrementAndGet();
                            return null;
                        default:
                            throw new UnsupportedOperationException(method.getName());
                    }
                });
    }

    @Test
    void anAllowedPeerIsLetInAndKeptOpen() throws Exception {
        AtomicInteger closes = new AtomicInteger();
        UnixSocket s = peer(PeerCredentials.of(1000, 1000, -1), null, closes);
        assertThat(OwnedServerSocket.admits(BindOptions.defaults().allowedUids(1000), s)).isTrue();
        assertThat(OwnedServerSocket.admits(BindOptions.defaults(), s)).isTrue();
        assertThat(closes).hasValue(0);
    }

    @Test
    void anotherUsersPeerIsClosed() throws Exception {
        AtomicInteger closes = new AtomicInteger();
        UnixSocket s = peer(PeerCredentials.of(1001, 1001, -1), null, closes);
        assertThat(OwnedServerSocket.admits(BindOptions.defaults().allowedUids(1000), s)).isFalse();
        assertThat(closes).hasValue(1);
    }

    @Test
    void aPeerWhoseUserCannotBeReadIsClosedAndDoesNotFailTheAccept() throws Exception {
        AtomicInteger closes = new AtomicInteger();
        UnixSocket s = peer(null, new IOException("cannot find the id of the peer's user"),
                closes);
        assertThat(OwnedServerSocket.admits(BindOptions.defaults().allowedUids(1000), s)).isFalse();
        assertThat(closes).hasValue(1);
    }

    @Test
    void aProgrammingErrorIsNotSwallowed() {
        AtomicInteger closes = new AtomicInteger();
        UnixSocket s = (UnixSocket) Proxy.newProxyInstance(UnixSocket.class.getClassLoader(),
                new Class<?>[] {UnixSocket.class}, (proxy, method, args) -> {
                    if (method.getName().equals("close")) {
                        closes.incrementAndGet();
                        return null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        assertThatThrownBy(() -> OwnedServerSocket.admits(
                BindOptions.defaults().allowedUids(1000), s))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(closes).hasValue(1);
    }
}
