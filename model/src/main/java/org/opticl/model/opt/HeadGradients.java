package org.opticl.model.opt;

/**
 * What one backward pass yields about the attention heads, for a loss averaged over the supervised
 * tokens of a batch.
 *
 * @param loss mean negative log-likelihood of the supervised tokens
 * @param supervisedTokens how many tokens the loss averages over
 * @param headMaskGradient [L][H], dL/dm for a head mask m that scales each head's output (paper Eq.
 *     8 summed over the batch): Σ_b Σ_t ⟨a, g⟩
 * @param perExampleHeadMaskGradient [B][L][H], the same per batch row (Eq. 8 takes |·| per example)
 * @param headAbsDotSum [L][H], the original code's Σ_b Σ_t |⟨a, g⟩| before its token-count division
 *     (paper-spec §1.5)
 */
public record HeadGradients(
    double loss,
    int supervisedTokens,
    double[][] headMaskGradient,
    double[][][] perExampleHeadMaskGradient,
    double[][] headAbsDotSum) {}
