package io.github.uds4j.jdk16;

import io.github.uds4j.contract.JdbcContract;

/** Runs the shared {@link JdbcContract} on the jdk16 provider. */
class Jdk16JdbcContractTest extends JdbcContract {
    @Override
    protected String expectedProvider() {
        return "jdk16";
    }
}
