package org.opticl.activities;

import org.opticl.schema.ArtifactRef;

/** The two score artifacts of one induction run, so that one reference names both. */
public record InductionRefs(ArtifactRef prefixMatching, ArtifactRef copying) {}
