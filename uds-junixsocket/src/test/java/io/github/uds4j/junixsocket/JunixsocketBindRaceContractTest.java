package io.github.uds4j.junixsocket;

import io.github.uds4j.contract.BindRaceContract;

/** Runs the shared {@link BindRaceContract} on the junixsocket provider. */
class JunixsocketBindRaceContractTest extends BindRaceContract {
    @Override
    protected String expectedProvider() {
        return "junixsocket";
    }
}
