/**
 * Artifact stores: content-addressed blobs ({@code cas/sha256/ab/<hex>}) plus one manifest per
 * stage result ({@code stages/<stage>/<key>/manifest.json}), written last as the commit record, on
 * a local directory or an S3 bucket (design.md, "Artifacts and the cache"). Every read is verified
 * against its digest; a corrupt blob or manifest is reported and becomes a cache miss.
 */
package org.opticl.store;
