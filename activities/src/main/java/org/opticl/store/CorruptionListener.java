package org.opticl.store;

/**
 * Told about every corrupt object a store finds, so that corruption is visible (logged, counted,
 * surfaced in the Temporal UI) even though the read itself just turns into a recompute.
 */
@FunctionalInterface
public interface CorruptionListener {

  /** Called on the reading thread, after the object has been removed. */
  void corrupted(Corruption corruption);

  /** Logs each corruption as a warning through {@link System.Logger}. */
  static CorruptionListener logging() {
    System.Logger log = System.getLogger(ArtifactStore.class.getName());
    return c -> log.log(System.Logger.Level.WARNING, c.toString());
  }
}
