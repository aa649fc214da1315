/**
 * The paper's induction-head measurements (paper-spec §4; Bansal et al. §6.3, Algorithms 1–2):
 * per-head prefix-matching and copying scores over seeded random token sequences, as a plain Java
 * API. {@link org.opticl.model.induction.TokenPool} says which tokens sequences are made of, {@link
 * org.opticl.model.induction.InductionSequences} draws them reproducibly, {@link
 * org.opticl.model.induction.PrefixMatching} and {@link org.opticl.model.induction.Copying} score
 * one sequence in the engine, and {@link org.opticl.model.induction.InductionScores} runs and
 * aggregates a resumable series of them.
 */
package org.opticl.model.induction;
