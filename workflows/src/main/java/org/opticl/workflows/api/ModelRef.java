package org.opticl.workflows.api;

/**
 * Which model a run studies. {@code id} is a hub id ({@code facebook/opt-66b}), a built-in model
 * ({@code builtin:induction-tiny}) or a label for a local checkpoint at {@code location}.
 *
 * @param id what the model is
 * @param location where its files are on workers ("" = resolve from the id)
 * @param dtype compute dtype on GPUs ({@code float16}); CPUs always compute in float32
 */
public record ModelRef(String id, String location, String dtype) {}
