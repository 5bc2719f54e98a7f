package io.github.uds4j.junixsocket;

import io.github.uds4j.contract.DatagramContract;

/** Runs the shared {@link DatagramContract} on the junixsocket provider. */
class JunixsocketDatagramContractTest extends DatagramContract {
    @Override
    protected String expectedProvider() {
        return "junixsocket";
    }
}
