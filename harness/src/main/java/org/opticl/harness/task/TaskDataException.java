package org.opticl.harness.task;

/**
 * A task's data is missing or malformed. The message names the task, the file, the line (1-based)
 * and the field where that applies, and says what was expected.
 */
public final class TaskDataException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public TaskDataException(String message) {
    super(message);
  }

  public TaskDataException(String message, Throwable cause) {
    super(message, cause);
  }
}
