package org.opticl.workflows.api;

/**
 * A task and where its data is on workers.
 *
 * @param name registry name ({@code piqa}, {@code synthetic_induction})
 * @param data the task's data directory ("" for synthetic tasks)
 * @param variant {@code PARITY} (the original's behaviour) or {@code CORRECTED}
 */
public record TaskRef(String name, String data, String variant) {}
