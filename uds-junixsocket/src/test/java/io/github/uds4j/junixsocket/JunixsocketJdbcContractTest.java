package io.github.uds4j.junixsocket;

import io.github.uds4j.contract.JdbcContract;

/** Runs the shared {@link JdbcContract} on the junixsocket provider. */
class JunixsocketJdbcContractTest extends JdbcContract {
    @Override
    protected String expectedProvider() {
        return "junixsocket";
    }
}
