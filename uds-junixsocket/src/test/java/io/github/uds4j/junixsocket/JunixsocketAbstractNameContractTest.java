package io.github.uds4j.junixsocket;

import io.github.uds4j.contract.AbstractNameContract;

/** Runs the shared {@link AbstractNameContract} on the junixsocket provider. */
class JunixsocketAbstractNameContractTest extends AbstractNameContract {
    @Override
    protected String expectedProvider() {
        return "junixsocket";
    }
}
