package org.opticl.app.pipeline;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;

/**
 * A connection to a Temporal cluster: address and namespace from the command line, else {@code
 * TEMPORAL_ADDRESS} / {@code TEMPORAL_NAMESPACE}, else {@code localhost:7233} / {@code default}.
 */
public final class TemporalTarget implements AutoCloseable {
  private final WorkflowServiceStubs service;
  private final WorkflowClient client;
  private final String address;

  private TemporalTarget(String address, String namespace) {
    this.address = address;
    this.service =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(address).build());
    this.client =
        WorkflowClient.newInstance(
            service, WorkflowClientOptions.newBuilder().setNamespace(namespace).build());
  }

  public static TemporalTarget connect(String address, String namespace) {
    String a = blank(address) ? env("TEMPORAL_ADDRESS", "localhost:7233") : address;
    String n = blank(namespace) ? env("TEMPORAL_NAMESPACE", "default") : namespace;
    return new TemporalTarget(a, n);
  }

  /** {@code $key} when set, else {@code fallback}. */
  public static String fromEnvironment(String key, String fallback) {
    return env(key, fallback);
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static String env(String key, String fallback) {
    String v = System.getenv(key);
    return blank(v) ? fallback : v;
  }

  public WorkflowClient client() {
    return client;
  }

  public String address() {
    return address;
  }

  @Override
  public void close() {
    service.shutdownNow();
  }
}
