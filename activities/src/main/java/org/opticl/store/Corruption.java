package org.opticl.store;

/**
 * A stored object whose content is not what its name promises: a blob whose bytes do not hash to
 * its digest (bit rot, truncation, a bad copy) or a manifest that does not parse or does not hash
 * to its key. Reported once per detection; the object is then removed and treated as a miss.
 *
 * @param location the store
 * @param objectKey the offending object, store-relative, e.g. {@code cas/sha256/ab/<hex>}
 * @param problem what is wrong, e.g. {@code sha256 is 3f...; size 10 bytes, expected 12}
 */
public record Corruption(String location, String objectKey, String problem) {

  @Override
  public String toString() {
    return "corrupt " + objectKey + " in " + location + ": " + problem;
  }
}
