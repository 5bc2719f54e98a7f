package io.github.uds4j.junixsocket;

import io.github.uds4j.contract.EchoContract;

/** Runs the shared {@link EchoContract} on the junixsocket provider. */
class JunixsocketEchoContractTest extends EchoContract {
    @Override
    protected String expectedProvider() {
        return "junixsocket";
    }
}
