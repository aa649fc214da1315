package org.opticl.app.pipeline;

import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testserver.TestServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;
import org.opticl.workflows.pipeline.OpticlSearchAttributes;

/**
 * Temporal for a laptop: the Java test server bound to a free localhost port in this JVM, in real
 * time, with opticl's search attributes registered. Ordinary clients and workers talk to it over
 * gRPC exactly as they would to a cluster; its state lives in memory, so each run starts fresh and
 * the artifact store is what makes a re-run cheap.
 */
public final class EmbeddedTemporal implements AutoCloseable {
  private final TestServer.PortBoundTestServer server;
  private final WorkflowServiceStubs service;
  private final OperatorServiceStubs operator;
  private final WorkflowClient client;
  private final int port;

  private EmbeddedTemporal(int port) {
    this.port = port;
    this.server = TestServer.createPortBoundServer(port, true);
    String target = "127.0.0.1:" + port;
    this.service =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(target).build());
    this.operator =
        OperatorServiceStubs.newServiceStubs(
            OperatorServiceStubsOptions.newBuilder()
                .setTarget(target)
                .validateAndBuildWithDefaults());
    this.client =
        WorkflowClient.newInstance(
            service, WorkflowClientOptions.newBuilder().setNamespace("default").build());
  }

  /** Starts a server on a free port (or {@code port} when > 0) and registers search attributes. */
  public static EmbeddedTemporal start(int port) {
    EmbeddedTemporal t = new EmbeddedTemporal(port > 0 ? port : freePort());
    t.registerSearchAttributes();
    return t;
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free localhost port for the embedded Temporal server", e);
    }
  }

  private void registerSearchAttributes() {
    Map<String, IndexedValueType> attrs = new HashMap<>();
    for (var key : OpticlSearchAttributes.ALL) {
      attrs.put(key.getName(), key.getValueType());
    }
    operator
        .blockingStub()
        .addSearchAttributes(
            AddSearchAttributesRequest.newBuilder()
                .setNamespace("default")
                .putAllSearchAttributes(attrs)
                .build());
  }

  public WorkflowClient client() {
    return client;
  }

  public int port() {
    return port;
  }

  @Override
  public void close() {
    operator.shutdownNow();
    service.shutdownNow();
    server.close();
  }
}
