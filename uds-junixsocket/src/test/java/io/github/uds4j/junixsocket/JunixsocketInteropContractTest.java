package io.github.uds4j.junixsocket;

import io.github.uds4j.contract.InteropContract;

/** Runs the shared {@link InteropContract} (Python, socat) on the junixsocket provider. */
class JunixsocketInteropContractTest extends InteropContract {
    @Override
    protected String expectedProvider() {
        return "junixsocket";
    }
}
