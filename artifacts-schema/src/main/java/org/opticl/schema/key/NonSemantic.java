package org.opticl.schema.key;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a record component that does not change a stage's result (batch size, device list, host,
 * paths, the store location), so {@link KeyMaterial} leaves it out of the stage key. Re-running
 * with a different batch size must be a cache hit; forgetting this annotation only costs a
 * recompute, while putting it on a semantic field would return wrong cached results, so use it
 * sparingly and only where results are provably invariant.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD, ElementType.METHOD})
public @interface NonSemantic {}
