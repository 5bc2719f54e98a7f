package io.github.uds4j.junixsocket;

import io.github.uds4j.contract.InteropContract;

/** Runs the shared {@link InteropContract} (Python, socat) on the junixsocket provider. */
class JunixsocketInteropContractTest extends InteropContract {
    @Override
    protected String expectedProvider() {
        return "junixsocket";
    }

    /**
     * No: junixsocket drops the address of an empty datagram (see {@link JunixDatagramSocket});
     * its bytes (none) are still checked, and the senders of all other datagrams.
     */
    @Override
    protected boolean knowsTheSenderOfAnEmptyDatagram() {
        return false;
    }
}
