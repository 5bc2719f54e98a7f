package io.github.uds4j.jdk16;

import io.github.uds4j.contract.AbstractNameContract;

/**
 * Runs the shared {@link AbstractNameContract} on the jdk16 provider, which lacks the capabilities it
 * needs: every test is skipped, naming the missing capability.
 */
class Jdk16AbstractNameContractTest extends AbstractNameContract {
    @Override
    protected String expectedProvider() {
        return "jdk16";
    }
}
