package io.github.uds4j;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The outcome of provider selection, for diagnostics: every provider found, which one was
 * chosen, and why. Returned by {@link UnixSockets#report()}, which never throws.
 */
public final class ProviderReport {
    private final List<ProviderInfo> candidates;
    private final ProviderInfo chosen;
    private final String reason;

    ProviderReport(List<ProviderInfo> candidates, ProviderInfo chosen, String reason) {
        this.candidates = Collections.unmodifiableList(new ArrayList<ProviderInfo>(candidates));
        this.chosen = chosen;
        this.reason = reason;
    }

    /**
     * Returns every provider found, the best first (available ones by priority, then the rest).
     *
     * @return an unmodifiable list, empty if no provider was found
     */
    public List<ProviderInfo> candidates() {
        return candidates;
    }

    /**
     * Returns the chosen provider, or null if none could be used.
     *
     * @return the provider {@link UnixSockets} uses, or null
     */
    public ProviderInfo chosen() {
        return chosen;
    }

    /**
     * Returns why the chosen provider was chosen (for example {@code forced by
     * -Duds4j.provider=junixsocket}), or why none could be, in one sentence.
     *
     * @return the sentence, for people
     */
    public String reason() {
        return reason;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        b.append(chosen == null ? "no provider" : "provider " + chosen.name()).append(": ")
                .append(reason);
        for (ProviderInfo info : candidates) {
            b.append(System.lineSeparator()).append("  ").append(info);
        }
        return b.toString();
    }
}
