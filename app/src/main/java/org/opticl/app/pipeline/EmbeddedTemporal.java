package org.opticl.app.pipeline;

import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.internal.testservice.GRPCServerHelper;
import io.temporal.internal.testservice.TestServicesStarter;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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
  private final TestServicesStarter services;
  private final Server server;
  private final WorkflowServiceStubs service;
  private final OperatorServiceStubs operator;
  private final WorkflowClient client;
  private final int port;

  private EmbeddedTemporal(int port) {
    this.port = port;
    // The SDK's TestServer.createPortBoundServer listens on every interface; the same services
    // bound to 127.0.0.1 keep a laptop's run off the network. lockTimeSkipping = real time.
    this.services = new TestServicesStarter(true, 0);
    ServerBuilder<?> builder =
        NettyServerBuilder.forAddress(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
            InsecureServerCredentials.create());
    GRPCServerHelper.registerServicesAndHealthChecks(services.getServices(), builder);
    try {
      this.server = builder.build().start();
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot start the embedded Temporal server on port " + port, e);
    }
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
    server.shutdownNow();
    services.close();
  }
}
