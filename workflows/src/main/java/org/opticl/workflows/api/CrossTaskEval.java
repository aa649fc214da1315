package org.opticl.workflows.api;

import org.opticl.schema.ArtifactRef;

/** {@code target} at {@code shots} pruned by {@code percent}% with {@code source}'s ranking. */
public record CrossTaskEval(
    String target, int shots, String source, int percent, ArtifactRef result, double metric) {}
