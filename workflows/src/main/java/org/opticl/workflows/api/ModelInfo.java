package org.opticl.workflows.api;

/**
 * What the workflows need to know of a model to plan a run: its shape, and its identity (id,
 * weights digest, dtype) as it enters every stage key.
 */
public record ModelInfo(
    String id, String weightsDigest, String dtype, int layers, int heads, String location) {}
