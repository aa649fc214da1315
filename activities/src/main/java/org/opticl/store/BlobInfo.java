package org.opticl.store;

import java.time.Instant;

/**
 * A blob as listed by a store: its name (the hex SHA-256 it should have), its size, and when it was
 * written ({@code cache gc} spares young blobs, which may belong to a result still being written).
 *
 * @param sha256 lowercase hex digest the blob is stored under
 * @param size bytes stored
 * @param lastModified when the blob was last written
 */
public record BlobInfo(String sha256, long size, Instant lastModified) {}
