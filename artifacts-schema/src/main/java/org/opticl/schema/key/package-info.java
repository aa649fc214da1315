/**
 * Stage keys: the content address of a stage's result, derived from everything that determines it
 * and nothing else (design.md, "Artifacts and the cache").
 */
package org.opticl.schema.key;
