package io.github.uds4j.contract;

import io.github.uds4j.UnixSocketCapability;
import io.github.uds4j.UnixSockets;
import java.lang.reflect.AnnotatedElement;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Evaluates {@link RequiresCapability} against the chosen provider. */
public final class CapabilityCondition implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<AnnotatedElement> element = context.getElement();
        RequiresCapability required = element.isPresent()
                ? element.get().getAnnotation(RequiresCapability.class) : null;
        if (required == null) {
            return ConditionEvaluationResult.enabled("no capability required");
        }
        Set<UnixSocketCapability> caps = UnixSockets.capabilities();
        for (UnixSocketCapability c : required.value()) {
            if (!caps.contains(c)) {
                return ConditionEvaluationResult.disabled("provider "
                        + UnixSockets.backend().name() + " lacks capability " + c);
            }
        }
        return ConditionEvaluationResult.enabled("provider has " + caps);
    }
}
