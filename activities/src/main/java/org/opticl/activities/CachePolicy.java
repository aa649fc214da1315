package org.opticl.activities;

import java.util.Set;

/**
 * Which stages may be answered from the cache. Runs reuse everything; {@code opticl stage NAME
 * --force} forces one stage, whose cached results are dropped and recomputed (its consumers then
 * see new inputs, and recompute only if the result actually changed).
 */
public record CachePolicy(Set<String> forced) {
  public static final CachePolicy REUSE_ALL = new CachePolicy(Set.of());

  public CachePolicy {
    forced = Set.copyOf(forced);
  }

  public boolean isForced(String stage) {
    return forced.contains(stage);
  }
}
