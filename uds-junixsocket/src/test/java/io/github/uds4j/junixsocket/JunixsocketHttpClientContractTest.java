package io.github.uds4j.junixsocket;

import io.github.uds4j.contract.HttpClientContract;

/** Runs the shared {@link HttpClientContract} on the junixsocket provider. */
class JunixsocketHttpClientContractTest extends HttpClientContract {
    @Override
    protected String expectedProvider() {
        return "junixsocket";
    }
}
