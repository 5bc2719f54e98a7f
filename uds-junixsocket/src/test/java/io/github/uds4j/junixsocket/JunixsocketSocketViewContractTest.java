package io.github.uds4j.junixsocket;

import io.github.uds4j.contract.SocketViewContract;

/** Runs the shared {@link SocketViewContract} on the junixsocket provider. */
class JunixsocketSocketViewContractTest extends SocketViewContract {
    @Override
    protected String expectedProvider() {
        return "junixsocket";
    }
}
