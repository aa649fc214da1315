package org.opticl.workflows.api;

import org.opticl.schema.ArtifactRef;

/**
 * One pruning evaluation of a cell: {@code kind} is {@code heads}, {@code ffns}, {@code combined}
 * or {@code cross-task}; percentages of heads and FFNs removed; the stored result and its metric.
 */
public record PrunedEval(
    String kind,
    int headPercent,
    int ffnPercent,
    String ranking,
    ArtifactRef result,
    double metric) {}
