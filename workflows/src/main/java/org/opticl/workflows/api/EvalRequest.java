package org.opticl.workflows.api;

/** One evaluation: a cell's setting under a mask; {@code stage} names why it runs. */
public record EvalRequest(EvalSpec eval, MaskSpec mask, String stage) {}
