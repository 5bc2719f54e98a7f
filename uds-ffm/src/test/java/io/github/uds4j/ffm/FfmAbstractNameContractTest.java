package io.github.uds4j.ffm;

import io.github.uds4j.contract.AbstractNameContract;

/**
 * Runs the shared {@link AbstractNameContract} on the ffm provider, which lacks the capabilities it
 * needs: every test is skipped, naming the missing capability.
 */
class FfmAbstractNameContractTest extends AbstractNameContract {
    @Override
    protected String expectedProvider() {
        return "ffm";
    }
}
