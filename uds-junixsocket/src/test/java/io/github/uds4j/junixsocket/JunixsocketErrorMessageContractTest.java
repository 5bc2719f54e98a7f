package io.github.uds4j.junixsocket;

import io.github.uds4j.contract.ErrorMessageContract;

/** Runs the shared {@link ErrorMessageContract} on the junixsocket provider. */
class JunixsocketErrorMessageContractTest extends ErrorMessageContract {
    @Override
    protected String expectedProvider() {
        return "junixsocket";
    }
}
