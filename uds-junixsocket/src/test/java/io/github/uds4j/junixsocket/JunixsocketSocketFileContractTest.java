package io.github.uds4j.junixsocket;

import io.github.uds4j.contract.SocketFileContract;

/** Runs the shared {@link SocketFileContract} on the junixsocket provider. */
class JunixsocketSocketFileContractTest extends SocketFileContract {
    @Override
    protected String expectedProvider() {
        return "junixsocket";
    }
}
