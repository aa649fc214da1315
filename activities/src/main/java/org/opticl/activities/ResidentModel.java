package org.opticl.activities;

import ai.djl.ndarray.types.DataType;
import java.util.concurrent.atomic.AtomicInteger;
import org.opticl.model.config.OptConfig;
import org.opticl.model.device.DeviceMap;
import org.opticl.model.device.Workload;
import org.opticl.model.opt.ModelPlacement;
import org.opticl.model.opt.OptModel;

/**
 * The one model a worker keeps in memory across activities: loading OPT-66B takes minutes, so it is
 * loaded on the first activity that needs it and reused until an activity asks for another model.
 * Activities that hit the cache never load it. On a machine with GPUs the model is planned onto
 * them and computes in the spec's type (float32, or float16 for float16 and bfloat16 weights);
 * without GPUs it runs on the CPU in float32.
 */
public final class ResidentModel implements AutoCloseable {
  private ModelCatalog.Resolved current;
  private OptModel model;
  private final AtomicInteger loads = new AtomicInteger();

  /** The model for {@code resolved}, loading it (and dropping another) when needed. */
  public synchronized OptModel get(ModelCatalog.Resolved resolved) {
    if (model != null && current.identity().equals(resolved.identity())) {
      return model;
    }
    close();
    OptConfig config = resolved.config();
    DataType gpuType =
        resolved.identity().dtype().equals("float32") ? DataType.FLOAT32 : DataType.FLOAT16;
    DeviceMap map =
        DeviceMap.forMachine(config, gpuType, Workload.inference(1, config.maxPositions()));
    boolean cpuOnly = map.devices().stream().allMatch(d -> d.equals(DeviceMap.CPU));
    ModelPlacement placement =
        cpuOnly ? ModelPlacement.cpu(config.numLayers()) : new ModelPlacement(map, gpuType);
    model = OptModel.load(resolved.dir(), config, placement);
    current = resolved;
    loads.incrementAndGet();
    return model;
  }

  /** How many times a model was loaded by this worker (tests check that hits load nothing). */
  public int loads() {
    return loads.get();
  }

  /** The devices the resident model uses, for provenance. */
  public synchronized java.util.List<String> devices() {
    return model == null ? java.util.List.of("cpu") : model.placement().map().devices();
  }

  @Override
  public synchronized void close() {
    if (model != null) {
      model.close();
      model = null;
      current = null;
    }
  }
}
