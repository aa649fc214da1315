package org.opticl.workflows.api;

/**
 * Head importance of a cell: {@code variant} is {@code ORIGINAL} (the paper code's Σ|⟨a,g⟩| with
 * its token-count divisions) or {@code HEAD_MASK_GRADIENT} (paper Eq. 8); {@code docs} training
 * documents (2,500 in the original).
 */
public record ImportanceRequest(EvalSpec eval, String variant, int docs) {}
