package io.github.uds4j.ffm;

import io.github.uds4j.contract.DescriptorPassingContract;

/**
 * Runs the shared {@link DescriptorPassingContract} on the ffm provider, which lacks the capabilities it
 * needs: every test is skipped, naming the missing capability.
 */
class FfmDescriptorPassingContractTest extends DescriptorPassingContract {
    @Override
    protected String expectedProvider() {
        return "ffm";
    }
}
