package org.opticl.workflows.api;

import java.util.List;

/**
 * A run's stage settings, shared by all its cells.
 *
 * @param importanceVariant {@code ORIGINAL} or {@code HEAD_MASK_GRADIENT}
 * @param importanceDocs training documents for head importance
 * @param headPercents head pruning percentages
 * @param ffnPercents FFN pruning percentages
 * @param combinedHeadPercents head axis of the combined grid
 * @param combinedFfnPercents FFN axis of the combined grid
 * @param crossTask cross-task pruning: which task is pruned with which ranking
 * @param crossTaskPercents percentages of cross-task pruning
 * @param inductionSequences sequences for induction scores (0: skip)
 * @param maxParallel evaluations of one cell in flight at once
 * @param heartbeatSeconds how soon a silent model activity counts as dead
 * @param searchAttributes whether the namespace has opticl's search attributes registered
 */
public record RunOptions(
    String importanceVariant,
    int importanceDocs,
    List<Integer> headPercents,
    List<Integer> ffnPercents,
    List<Integer> combinedHeadPercents,
    List<Integer> combinedFfnPercents,
    List<CrossTask> crossTask,
    List<Integer> crossTaskPercents,
    int inductionSequences,
    int maxParallel,
    int heartbeatSeconds,
    boolean searchAttributes) {}
