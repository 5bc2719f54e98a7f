package io.github.uds4j.ffm;

import io.github.uds4j.contract.DescriptorPassingContract;

/** Runs the shared {@link DescriptorPassingContract} on the ffm provider, with no JVM flag. */
class FfmDescriptorPassingContractTest extends DescriptorPassingContract {
    @Override
    protected String expectedProvider() {
        return "ffm";
    }
}
