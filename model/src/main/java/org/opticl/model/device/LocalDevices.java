package org.opticl.model.device;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.util.cuda.CudaUtils;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.opticl.model.OfflineEngine;

/**
 * The devices this process can compute on, as PyTorch sees them. The GPU count comes from the
 * engine rather than from the CUDA driver because a CPU-only libtorch cannot use GPUs the driver
 * reports; memory is each GPU's total, since a GPU worker owns its GPUs (design.md: one model
 * resident per GPU worker). Starting the engine loads libtorch, so this is the one class of the
 * package that touches native code.
 */
public final class LocalDevices {
  private LocalDevices() {}

  /** The GPUs PyTorch can use, with their total memory; empty on a CPU-only machine. */
  public static List<DeviceCapacity> gpus() {
    OfflineEngine.apply();
    int count = Engine.getInstance().getGpuCount();
    List<DeviceCapacity> gpus = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      gpus.add(new DeviceCapacity("gpu:" + i, CudaUtils.getGpuMemory(Device.gpu(i)).getMax()));
    }
    return List.copyOf(gpus);
  }

  /** {@code "cpu"} and every usable GPU, for {@link DeviceMap#validate}. */
  public static Set<String> available() {
    Set<String> names = new LinkedHashSet<>();
    names.add(DeviceMap.CPU);
    gpus().forEach(g -> names.add(g.name()));
    return Collections.unmodifiableSet(names);
  }
}
