package org.opticl.workflows.api;

/**
 * Prune {@code target} with the head ranking of {@code source}: another task's name, or {@code
 * aggregate} for the mean over the run's tasks at the same shot count (paper §6.1.2).
 */
public record CrossTask(String target, String source) {}
