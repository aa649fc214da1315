package org.opticl.store;

/**
 * An artifact store operation that failed for a reason other than a miss: I/O errors, a commit
 * naming outputs that were never stored, an unreachable server. The message names the store and the
 * object.
 */
public class StoreException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public StoreException(String message) {
    super(message);
  }

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
