package org.opticl.store;

/**
 * The store could not be reached within its retry budget (bounded attempts with backoff). Distinct
 * from {@link StoreException} so callers (and Temporal retry policies) can treat an outage as
 * transient and a bad request as permanent.
 */
public class StoreUnavailableException extends StoreException {

  private static final long serialVersionUID = 1L;

  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
