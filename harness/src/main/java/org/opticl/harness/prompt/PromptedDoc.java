package org.opticl.harness.prompt;

/** A document together with its prompt, so that scores can be turned back into metrics. */
public record PromptedDoc<D>(DocPrompt prompt, D doc) {}
