package io.github.uds4j.junixsocket;

import io.github.uds4j.contract.StreamSemanticsContract;

/** Runs the shared {@link StreamSemanticsContract} on the junixsocket provider. */
class JunixsocketStreamSemanticsContractTest extends StreamSemanticsContract {
    @Override
    protected String expectedProvider() {
        return "junixsocket";
    }
}
