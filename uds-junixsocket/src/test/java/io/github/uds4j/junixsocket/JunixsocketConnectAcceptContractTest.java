package io.github.uds4j.junixsocket;

import io.github.uds4j.contract.ConnectAcceptContract;

/** Runs the shared {@link ConnectAcceptContract} on the junixsocket provider. */
class JunixsocketConnectAcceptContractTest extends ConnectAcceptContract {
    @Override
    protected String expectedProvider() {
        return "junixsocket";
    }
}
