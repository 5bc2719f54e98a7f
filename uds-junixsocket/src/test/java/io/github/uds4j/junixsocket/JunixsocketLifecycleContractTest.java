package io.github.uds4j.junixsocket;

import io.github.uds4j.contract.LifecycleContract;

/** Runs the shared {@link LifecycleContract} on the junixsocket provider. */
class JunixsocketLifecycleContractTest extends LifecycleContract {
    @Override
    protected String expectedProvider() {
        return "junixsocket";
    }
}
