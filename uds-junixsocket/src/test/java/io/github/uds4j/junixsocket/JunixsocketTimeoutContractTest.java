package io.github.uds4j.junixsocket;

import io.github.uds4j.contract.TimeoutContract;

/** Runs the shared {@link TimeoutContract} on the junixsocket provider. */
class JunixsocketTimeoutContractTest extends TimeoutContract {
    @Override
    protected String expectedProvider() {
        return "junixsocket";
    }
}
