package io.github.uds4j.clients;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The tests of this module run once per backend, forced with {@code -Duds4j.provider} (see the
 * pom). A run whose backend needs a newer Java than the running one is skipped, with the reason;
 * any other run goes ahead, so a backend that fails to load fails the tests.
 */
public final class ForcedProvider implements ExecutionCondition {
    /** Returns the forced backend's name, which every test of this module has. */
    public static String name() {
        String name = System.getProperty("uds4j.provider");
        if (name == null || name.isEmpty()) {
            throw new IllegalStateException("uds-clients' tests run with -Duds4j.provider=NAME"
                    + " (see its pom)");
        }
        return name;
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        String name = name();
        int needs = "jdk16".equals(name) ? 16 : "ffm".equals(name) ? 22 : 8;
        int running = feature();
        if (running < needs) {
            return ConditionEvaluationResult.disabled("needs Java " + needs + "+ (provider "
                    + name + "), running " + System.getProperty("java.version"));
        }
        return ConditionEvaluationResult.enabled("provider " + name + " on Java " + running);
    }

    /** Returns the running Java's feature release: 8 for 1.8, else the first number. */
    static int feature() {
        String spec = System.getProperty("java.specification.version");
        return Integer.parseInt(spec.startsWith("1.") ? spec.substring(2) : spec);
    }
}
