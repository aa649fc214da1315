/**
 * The paper's measurements as plain Java computations (no Temporal): head importance ({@code
 * importance}), FFN knock-offs and FFN importance ({@code ffn}), masks from rankings and pruning
 * evaluations ({@code pruning}). Every long computation reports progress through a {@link
 * org.opticl.measure.Progress} callback together with a checkpoint, and resumes from such a
 * checkpoint with a result bit-identical to an uninterrupted run, so that an activity can heartbeat
 * the checkpoint and pick it up again after a worker dies.
 *
 * <p>This package holds what the measurements share: the model under measurement ({@link
 * org.opticl.measure.MeasuredModel}), which evaluation to run ({@link
 * org.opticl.measure.EvalSetup}, {@link org.opticl.measure.TaskEvaluation}), which units are
 * removed ({@link org.opticl.measure.UnitMask}) and a resumable sequence of masked evaluations
 * ({@link org.opticl.measure.MaskSweep}).
 */
package org.opticl.measure;
