package org.opticl.app;

import static org.opticl.model.device.MemoryPlan.gb;

import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.opticl.model.config.OptConfig;
import org.opticl.model.device.DeviceCapacity;
import org.opticl.model.device.DeviceMap;
import org.opticl.model.device.DeviceUsage;
import org.opticl.model.device.MemoryPlan;
import org.opticl.model.device.MemoryPlanner;
import org.opticl.model.device.Workload;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code opticl memory}: whether a model fits a set of devices, and how it would be split, without
 * loading it or owning those devices. A 66B run needs hardware booked in advance; this answers
 * "8×A100 40GB or 2×H100?" from a laptop, with the same planner the GPU workers use. Exit code 2
 * means it does not fit, so scripts can branch on it.
 */
@Command(
    name = "memory",
    mixinStandardHelpOptions = true,
    description = {
      "Plans a model onto devices and prints the memory each would need (weights, activations,"
          + " reserve).",
      "Sizes: GB = 10^9 bytes, GiB = 2^30 bytes; a card sold as '80GB' holds about 79.6 GiB ="
          + " 85.5 GB, so its nominal size is a safe under-estimate.",
      "Exit code 0 when it fits, 2 when it does not, 1 on bad input."
    })
public final class MemoryCommand implements Callable<Integer> {
  static final int DOES_NOT_FIT = 2;

  @Spec private CommandSpec spec;

  @Option(
      names = "--shape",
      paramLabel = "NAME",
      description = "a published OPT shape: 125m, 350m, 1.3b, 2.7b, 6.7b, 13b, 30b, 66b, 175b")
  private String shape;

  @Option(
      names = "--model",
      paramLabel = "DIR",
      description = "a checkpoint: reads DIR/config.json")
  private Path model;

  @Option(
      names = "--dtype",
      paramLabel = "T",
      description = "float32, float16 or bfloat16 (default: the config's torch_dtype)")
  private String dtype;

  @Option(
      names = "--devices",
      required = true,
      paramLabel = "LIST",
      description = "e.g. 8x40GB, 2x80GB, 1x141GB, gpu:0=80GB,gpu:1=80GB, 8x40GB,cpu=1TB")
  private String devices;

  @Option(
      names = "--map",
      paramLabel = "SPEC",
      description =
          "evaluate this device map instead of planning one, e.g."
              + " embed=gpu:0;0-31=gpu:0;32-63=gpu:1;head=gpu:0, or 'paper' for the paper's 66B"
              + " map")
  private String map;

  @Option(
      names = "--batch",
      paramLabel = "B",
      defaultValue = "1",
      description = "sequences per forward pass (default: ${DEFAULT-VALUE})")
  private int batch;

  @Option(
      names = "--seq",
      paramLabel = "T",
      description = "tokens per sequence (default: the model's max_position_embeddings)")
  private Integer seq;

  @Option(
      names = "--gradients",
      description = "keep activations for a backward pass to the head mask (head importance)")
  private boolean gradients;

  @Option(names = "--json", description = "print one JSON object instead of a table")
  private boolean json;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    MemoryPlan plan;
    String modelName;
    DataType type;
    Workload workload;
    try {
      if ((shape == null) == (model == null)) {
        throw new IllegalArgumentException("give exactly one of --shape NAME or --model DIR");
      }
      OptConfig config =
          shape != null ? OptConfig.variant(shape) : OptConfig.read(model.resolve("config.json"));
      modelName = shape != null ? "opt-" + shape.toLowerCase(Locale.ROOT) : model.toString();
      type = MemoryPlanner.dtype(dtype != null ? dtype : config.torchDtype());
      workload = new Workload(batch, seq != null ? seq : config.maxPositions(), gradients);
      MemoryPlanner planner = new MemoryPlanner(config, type, workload);
      List<DeviceCapacity> capacities = DeviceCapacity.parseList(devices);
      plan =
          map == null
              ? planner.plan(capacities)
              : planner.evaluate(
                  map.equalsIgnoreCase("paper")
                      ? DeviceMap.paperOpt66b()
                      : DeviceMap.parse(map, config.numLayers()),
                  capacities);
    } catch (IllegalArgumentException e) {
      err.println("memory: " + e.getMessage());
      return 1;
    }
    if (json) {
      out.println(toJson(plan, modelName, type, workload));
    } else {
      printTable(out, plan, modelName, type, workload);
    }
    out.flush();
    return plan.fits() ? 0 : DOES_NOT_FIT;
  }

  static void printTable(
      PrintWriter out, MemoryPlan plan, String modelName, DataType type, Workload workload) {
    out.printf(
        "%s, %s, %s; weights %s GB%n",
        modelName, MemoryPlanner.dtypeName(type), workload, gb(plan.totalWeightBytes()));
    String row = "%-8s %-16s %10s %10s %10s %10s %10s  %s%n";
    out.printf(
        row, "device", "layers", "weights", "activ.", "reserve", "total", "capacity", "fits");
    for (DeviceUsage u : plan.perDevice()) {
      out.printf(
          row,
          u.device(),
          u.placement(),
          gb(u.weightBytes()),
          gb(u.activationBytes()),
          gb(u.reserveBytes()),
          gb(u.totalBytes()),
          gb(u.capacityBytes()),
          u.fits() ? "yes" : "NO, over by " + gb(u.overflowBytes()));
    }
    out.printf(
        row,
        "total",
        "",
        gb(plan.totalWeightBytes()),
        gb(plan.totalActivationBytes()),
        gb(plan.totalBytes() - plan.totalWeightBytes() - plan.totalActivationBytes()),
        gb(plan.totalBytes()),
        gb(plan.totalCapacityBytes()),
        plan.fits() ? "yes" : "NO");
    out.println("(GB = 10^9 bytes)");
    out.println("map: " + plan.map().toSpec());
    out.println(plan.message());
  }

  private static String toJson(MemoryPlan plan, String modelName, DataType type, Workload workload)
      throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = mapper.createObjectNode();
    root.put("model", modelName);
    root.put("dtype", MemoryPlanner.dtypeName(type));
    root.put("batch", workload.batchSize());
    root.put("seq", workload.sequenceLength());
    root.put("gradients", workload.headMaskGradients());
    root.put("map", plan.map().toSpec());
    root.put("fits", plan.fits());
    root.put("message", plan.message());
    root.put("weightBytes", plan.totalWeightBytes());
    root.put("totalBytes", plan.totalBytes());
    root.put("capacityBytes", plan.totalCapacityBytes());
    ArrayNode perDevice = root.putArray("devices");
    for (DeviceUsage u : plan.perDevice()) {
      ObjectNode d = perDevice.addObject();
      d.put("device", u.device());
      d.put("placement", u.placement());
      ArrayNode layers = d.putArray("layers");
      u.layers().forEach(layers::add);
      d.put("embeddings", u.embeddings());
      d.put("head", u.head());
      d.put("weightBytes", u.weightBytes());
      d.put("activationBytes", u.activationBytes());
      d.put("reserveBytes", u.reserveBytes());
      d.put("totalBytes", u.totalBytes());
      d.put("capacityBytes", u.capacityBytes());
      d.put("fits", u.fits());
    }
    return mapper.writeValueAsString(root);
  }
}
