package io.github.uds4j.junixsocket;

import io.github.uds4j.contract.SeqpacketContract;

/** Runs the shared {@link SeqpacketContract} on the junixsocket provider. */
class JunixsocketSeqpacketContractTest extends SeqpacketContract {
    @Override
    protected String expectedProvider() {
        return "junixsocket";
    }
}
