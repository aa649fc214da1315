package org.opticl.workflows.api;

/** Prefix-matching and copying scores of a model over {@code sequences} seeded random sequences. */
public record InductionRequest(ModelRef model, int sequences, long seed) {}
