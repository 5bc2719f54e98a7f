package io.github.uds4j.junixsocket;

import io.github.uds4j.contract.KilledBindContract;

/** Runs the shared {@link KilledBindContract} on the junixsocket provider. */
class JunixsocketKilledBindContractTest extends KilledBindContract {
    @Override
    protected String expectedProvider() {
        return "junixsocket";
    }
}
