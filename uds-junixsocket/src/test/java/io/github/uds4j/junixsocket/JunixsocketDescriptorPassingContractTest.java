package io.github.uds4j.junixsocket;

import io.github.uds4j.contract.DescriptorPassingContract;

/** Runs the shared {@link DescriptorPassingContract} on the junixsocket provider. */
class JunixsocketDescriptorPassingContractTest extends DescriptorPassingContract {
    @Override
    protected String expectedProvider() {
        return "junixsocket";
    }
}
