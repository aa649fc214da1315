package org.opticl.harness.task;

/**
 * One loglikelihood request in text: the continuation is scored given the context. Most tasks score
 * every continuation after the same few-shot context; WinoGrande (partial scoring) varies the
 * context and keeps the continuation.
 */
public record TextRequest(String context, String continuation) {}
