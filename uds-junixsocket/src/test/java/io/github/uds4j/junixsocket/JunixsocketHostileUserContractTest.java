package io.github.uds4j.junixsocket;

import io.github.uds4j.contract.HostileUserContract;

/** Runs the shared {@link HostileUserContract} on the junixsocket provider. */
class JunixsocketHostileUserContractTest extends HostileUserContract {
    @Override
    protected String expectedProvider() {
        return "junixsocket";
    }
}
