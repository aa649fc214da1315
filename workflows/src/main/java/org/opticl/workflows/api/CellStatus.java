package org.opticl.workflows.api;

import java.util.Map;

/**
 * One cell's progress: per stage ({@code baseline}, {@code head-importance}, {@code ffn-knockoff},
 * {@code ffn-importance}, {@code head-pruning}, {@code ffn-pruning}, {@code combined-pruning}) one
 * of {@code pending}, {@code running}, {@code done}, {@code cached}, {@code failed}, with counts.
 */
public record CellStatus(String workflowId, String cell, Map<String, StageState> stages) {}
