/**
 * Gradient importance of every attention head for one task and shot count (paper §2.1 Eq. 8–9,
 * paper-spec §1): {@link org.opticl.measure.importance.HeadImportanceEstimator} runs it resumably,
 * {@link org.opticl.measure.importance.ImportanceAccumulator} holds the exact accumulation of the
 * original code (default) or of the paper's equation.
 */
package org.opticl.measure.importance;
