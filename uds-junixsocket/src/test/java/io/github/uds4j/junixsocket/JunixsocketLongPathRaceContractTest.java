package io.github.uds4j.junixsocket;

import io.github.uds4j.contract.LongPathRaceContract;

/** Runs the shared {@link LongPathRaceContract} on the junixsocket provider. */
class JunixsocketLongPathRaceContractTest extends LongPathRaceContract {
    @Override
    protected String expectedProvider() {
        return "junixsocket";
    }
}
