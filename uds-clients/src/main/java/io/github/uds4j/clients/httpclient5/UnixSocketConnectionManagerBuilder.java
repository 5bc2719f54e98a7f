package io.github.uds4j.clients.httpclient5;

import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SchemePortResolver;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.io.HttpClientConnectionOperator;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;

/**
 * A {@link PoolingHttpClientConnectionManagerBuilder} whose connection managers connect Unix
 * socket routes ({@code RequestConfig.setUnixDomainSocket(Path)}) through uds4j, with a {@link
 * UnixSocketConnectionOperator} around the operator HttpClient would use. Everything else (pool
 * sizes, {@code ConnectionConfig}, {@code SocketConfig}, TLS for TCP routes) is set as on the
 * builder it extends.
 */
public class UnixSocketConnectionManagerBuilder extends PoolingHttpClientConnectionManagerBuilder {
    /** Use {@link #create()}. */
    protected UnixSocketConnectionManagerBuilder() {
    }

    /**
     * Returns a new builder.
     *
     * @return the builder
     */
    public static UnixSocketConnectionManagerBuilder create() {
        return new UnixSocketConnectionManagerBuilder();
    }

    /** Returns HttpClient's operator wrapped in a {@link UnixSocketConnectionOperator}. */
    @Override
    protected HttpClientConnectionOperator createConnectionOperator(
            SchemePortResolver schemePortResolver, DnsResolver dnsResolver,
            TlsSocketStrategy tlsSocketStrategy) {
        return new UnixSocketConnectionOperator(super.createConnectionOperator(
                schemePortResolver, dnsResolver, tlsSocketStrategy));
    }
}
