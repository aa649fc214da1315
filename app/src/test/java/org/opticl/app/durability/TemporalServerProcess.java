package org.opticl.app.durability;

import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.opticl.workflows.pipeline.OpticlSearchAttributes;

/**
 * Temporal's Java test server in its own JVM (real time; {@link LoopbackTestServer}, which is
 * {@code io.temporal.testserver.TestServer PORT} bound to 127.0.0.1), standing in for a cluster's
 * frontend: it prints nothing when ready, so readiness is its port accepting connections. Once up,
 * opticl's search attributes are registered on the default namespace, as an operator registers them
 * on a cluster, so runs take the same code path as {@code opticl run}. The test talks to it through
 * ordinary gRPC stubs.
 */
final class TemporalServerProcess implements AutoCloseable {
  private static final Duration STARTUP = Duration.ofSeconds(60);

  private final ChildJvm jvm;
  private final int port;
  private final WorkflowServiceStubs service;
  private final WorkflowClient client;

  private TemporalServerProcess(ChildJvm jvm, int port) {
    this.jvm = jvm;
    this.port = port;
    this.service =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(address()).build());
    this.client =
        WorkflowClient.newInstance(
            service, WorkflowClientOptions.newBuilder().setNamespace("default").build());
  }

  /** Starts the server on a free loopback port and waits (bounded) until it serves. */
  static TemporalServerProcess start(ChildJvms jvms) throws IOException, InterruptedException {
    int port = freePort();
    ChildJvm jvm =
        jvms.start(
            "temporal-server",
            ChildJvms.LIGHT_JVM,
            LoopbackTestServer.class.getName(),
            List.of(Integer.toString(port)),
            Map.of());
    long deadline = System.nanoTime() + STARTUP.toNanos();
    while (!accepts(port)) {
      if (!jvm.isAlive()) {
        throw new AssertionError("the Temporal test server exited early:\n" + jvm.tail());
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "the Temporal test server did not listen on " + port + " within " + STARTUP);
      }
      Thread.sleep(50);
    }
    TemporalServerProcess server = new TemporalServerProcess(jvm, port);
    server.registerSearchAttributes();
    return server;
  }

  /** {@code 127.0.0.1:PORT}, for {@code --address}. */
  String address() {
    return "127.0.0.1:" + port;
  }

  WorkflowServiceStubs service() {
    return service;
  }

  WorkflowClient client() {
    return client;
  }

  ChildJvm jvm() {
    return jvm;
  }

  private void registerSearchAttributes() {
    Map<String, IndexedValueType> attrs = new HashMap<>();
    for (var key : OpticlSearchAttributes.ALL) {
      attrs.put(key.getName(), key.getValueType());
    }
    OperatorServiceStubs operator =
        OperatorServiceStubs.newServiceStubs(
            OperatorServiceStubsOptions.newBuilder()
                .setTarget(address())
                .validateAndBuildWithDefaults());
    try {
      operator
          .blockingStub()
          .addSearchAttributes(
              AddSearchAttributesRequest.newBuilder()
                  .setNamespace("default")
                  .putAllSearchAttributes(attrs)
                  .build());
    } finally {
      operator.shutdownNow();
    }
  }

  /**
   * Closes the test's connection. The server process itself ends with the other children of its
   * {@link ChildJvms}, which kill in reverse order of start: the workers first, so that none of
   * them logs a lost connection.
   */
  @Override
  public void close() {
    service.shutdownNow();
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
