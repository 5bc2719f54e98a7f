package io.github.uds4j.junixsocket;

import io.github.uds4j.contract.ErrorContract;

/** Runs the shared {@link ErrorContract} on the junixsocket provider. */
class JunixsocketErrorContractTest extends ErrorContract {
    @Override
    protected String expectedProvider() {
        return "junixsocket";
    }
}
