package org.opticl.schema;

/**
 * An artifact record with a JSON Schema. Readers check {@link #schemaVersion()} before trusting a
 * document's shape, so a cache written by older code is recognised rather than misread.
 */
public interface SchemaArtifact {

  /** The version of this record's schema the document was written with. */
  int schemaVersion();
}
