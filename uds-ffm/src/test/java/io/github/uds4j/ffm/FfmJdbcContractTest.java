package io.github.uds4j.ffm;

import io.github.uds4j.contract.JdbcContract;

/** Runs the shared {@link JdbcContract} on the ffm provider. */
class FfmJdbcContractTest extends JdbcContract {
    @Override
    protected String expectedProvider() {
        return "ffm";
    }
}
