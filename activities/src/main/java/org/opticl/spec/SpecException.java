package org.opticl.spec;

/** A run spec that cannot run: its message names the file, the field and what would be valid. */
public final class SpecException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public SpecException(String message) {
    super(message);
  }
}
