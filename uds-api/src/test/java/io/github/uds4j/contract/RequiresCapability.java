package io.github.uds4j.contract;

import io.github.uds4j.UnixSocketCapability;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Skips a contract test, saying so, when the provider under test lacks a capability. A missing
 * capability never weakens a test: it is skipped with the capability's name.
 */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(CapabilityCondition.class)
public @interface RequiresCapability {
    /** The capabilities the test needs. */
    UnixSocketCapability[] value();
}
