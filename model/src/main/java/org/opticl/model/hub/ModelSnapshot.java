package org.opticl.model.hub;

import java.nio.file.Path;

/**
 * A complete, verified copy of one commit of a hub repository on local disk. {@code dir} holds the
 * files in Hugging Face layout, so {@code OptModel.load(dir)} reads it like any local checkpoint;
 * {@code commit} pins exactly which weights they are, whatever branch {@code revision} named.
 *
 * @param id repository id, e.g. {@code facebook/opt-66b}
 * @param revision what was asked for: a branch, tag or commit
 * @param commit the 40-hex commit the revision resolved to
 * @param dir the snapshot directory
 * @param fromCache true when nothing was downloaded (already complete, or the hub was unreachable
 *     and the cache answered)
 */
public record ModelSnapshot(
    String id, String revision, String commit, Path dir, boolean fromCache) {}
