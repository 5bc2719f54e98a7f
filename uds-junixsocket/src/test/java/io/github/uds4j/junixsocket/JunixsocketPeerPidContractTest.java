package io.github.uds4j.junixsocket;

import io.github.uds4j.contract.PeerPidContract;

/** Runs the shared {@link PeerPidContract} on the junixsocket provider. */
class JunixsocketPeerPidContractTest extends PeerPidContract {
    @Override
    protected String expectedProvider() {
        return "junixsocket";
    }
}
