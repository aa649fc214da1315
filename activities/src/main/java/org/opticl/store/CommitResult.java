package org.opticl.store;

import org.opticl.schema.Manifest;

/**
 * The outcome of {@link ArtifactStore#commit}: the manifest now in the store, and whether it is the
 * caller's. A writer that lost the race uses {@code manifest} like a cache hit; both manifests name
 * equivalent results, since their keys are equal.
 *
 * @param manifest the committed manifest for the key
 * @param won true if this call wrote it
 */
public record CommitResult(Manifest manifest, boolean won) {}
