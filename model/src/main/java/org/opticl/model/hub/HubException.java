package org.opticl.model.hub;

/**
 * A model could not be had from the hub. The {@link Kind} tells callers whether waiting or retrying
 * can help (an unreachable hub, an interrupted transfer) or whether the request itself is wrong (an
 * unknown id, a repository without safetensors weights); the message names the id, revision, file
 * or URL at fault, and never the token.
 */
public final class HubException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What went wrong, coarsely. */
  public enum Kind {
    /** No connection to the hub could be made: offline, DNS, firewall, or the hub is down. */
    UNREACHABLE,
    /** The id, revision or file does not exist (or is private and no token was given). */
    NOT_FOUND,
    /** The hub refused the token, or the repository is gated and needs one. */
    UNAUTHORIZED,
    /** The repository lacks a file an OPT checkpoint needs. */
    MISSING_FILE,
    /** A downloaded file does not match the hub's checksum; the partial file was deleted. */
    CHECKSUM,
    /** A transfer kept failing; what arrived is kept and the next run resumes it. */
    INTERRUPTED,
    /** The hub answered something this client does not understand. */
    PROTOCOL
  }

  private final Kind kind;

  public HubException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public HubException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
