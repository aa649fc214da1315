package org.opticl.model.hub;

/**
 * Hears how a download goes, for progress bars and logs; the downloader itself prints nothing.
 * Calls come from the transfer threads, several at once for a sharded model, so implementations
 * must be thread-safe and quick.
 */
public interface DownloadListener {
  /** Ignores everything. */
  DownloadListener NONE = new DownloadListener() {};

  /** The files to fetch are known: {@code files} of them, {@code bytes} in all (some cached). */
  default void planned(int files, long bytes) {}

  /** A file's transfer starts (or resumes: {@code have} bytes were already on disk). */
  default void started(String file, long have, long total) {}

  /** More bytes of {@code file} arrived; {@code done} counts from the start of the file. */
  default void progress(String file, long done, long total) {}

  /** {@code file} is complete and verified. */
  default void finished(String file, long total) {}

  /** A transfer failed and will be retried (resuming) after a pause. */
  default void retrying(String file, int attempt, Exception cause) {}

  /** Something worth telling a person, e.g. that the cache answered because the hub did not. */
  default void note(String message) {}
}
