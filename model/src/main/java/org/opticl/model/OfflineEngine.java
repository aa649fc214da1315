package org.opticl.model;

/**
 * Keeps DJL offline. Without these settings DJL's engine start calls home (EC2 metadata) and may
 * download libtorch; opticl always uses the libtorch of the CPU native jar on its classpath (or one
 * named by {@code PYTORCH_LIBRARY_PATH} on GPU workers). Call {@link #apply()} before any DJL class
 * loads.
 */
public final class OfflineEngine {
  private OfflineEngine() {}

  /** Sets DJL's offline keys unless the caller already chose values for them. */
  public static void apply() {
    setIfAbsent("ai.djl.offline", "true");
    setIfAbsent("OPT_OUT_TRACKING", "true");
    setIfAbsent("ai.djl.default_engine", "PyTorch");
    if (System.getenv("PYTORCH_LIBRARY_PATH") == null) {
      setIfAbsent("PYTORCH_VERSION", "2.7.1");
      setIfAbsent("PYTORCH_FLAVOR", "cpu");
    }
    if (System.getenv("DJL_CACHE_DIR") == null) {
      setIfAbsent("DJL_CACHE_DIR", System.getProperty("user.home") + "/.cache/opticl/djl");
    }
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
