package org.opticl.workflows.api;

import java.util.List;

/**
 * A run's state for {@code opticl status}: its current stage, its cells (child workflow ids) and,
 * per cell, the last known state.
 */
public record RunStatus(String stage, List<CellStatus> cells, String report) {}
