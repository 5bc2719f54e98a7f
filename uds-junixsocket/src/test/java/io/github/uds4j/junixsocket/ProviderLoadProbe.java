package io.github.uds4j.junixsocket;

/**
 * Run in a child JVM with {@code -verbose:class} by {@link JunixsocketProviderLoadingTest}:
 * constructs the provider and asks what the selection asks first, nothing more.
 */
final class ProviderLoadProbe {
    private ProviderLoadProbe() {}

    public static void main(String[] args) {
        JunixsocketProvider provider = new JunixsocketProvider();
        System.out.println("probe: " + provider.name() + " " + provider.priority());
    }
}
