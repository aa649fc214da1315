package org.opticl.app.durability;

import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.temporal.internal.testservice.GRPCServerHelper;
import io.temporal.internal.testservice.TestServicesStarter;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * {@code io.temporal.testserver.TestServer PORT}, bound to 127.0.0.1 only. The SDK's own main
 * serves on every interface ({@code Grpc.newServerBuilderForPort}), which a test has no business
 * doing on a CI machine; this is the same server (the same services, health checks included, in
 * real time) on a loopback address. Usage: {@code LoopbackTestServer PORT}; it prints nothing and
 * runs until killed.
 */
final class LoopbackTestServer {
  private LoopbackTestServer() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    // lockTimeSkipping = true: real time, as TestServer's main without --enable-time-skipping.
    TestServicesStarter services = new TestServicesStarter(true, 0);
    ServerBuilder<?> builder =
        NettyServerBuilder.forAddress(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
            InsecureServerCredentials.create());
    GRPCServerHelper.registerServicesAndHealthChecks(services.getServices(), builder);
    Server server = builder.build().start();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.shutdownNow();
                  services.close();
                }));
    server.awaitTermination();
  }
}
