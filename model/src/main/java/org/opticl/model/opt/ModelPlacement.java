package org.opticl.model.opt;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.DataType;
import java.util.HashSet;
import java.util.Set;
import org.opticl.model.config.OptConfig;
import org.opticl.model.device.DeviceMap;

/**
 * Where a model's weights live and in which type it computes. On CPUs opticl computes in float32
 * (half precision is ~50x slower there); on GPUs in float16, as the paper's runs did.
 */
public record ModelPlacement(DeviceMap map, DataType computeType) {

  public ModelPlacement {
    if (computeType != DataType.FLOAT32 && computeType != DataType.FLOAT16) {
      throw new IllegalArgumentException(
          "compute type " + computeType + " is not supported; use float32 or float16");
    }
  }

  /** Everything on the CPU in float32. */
  public static ModelPlacement cpu(int numLayers) {
    return new ModelPlacement(DeviceMap.allOn(DeviceMap.CPU, numLayers), DataType.FLOAT32);
  }

  /** The map's devices must exist on this machine and cover the model's layers. */
  public void validate(OptConfig config) {
    Set<String> available = new HashSet<>();
    available.add(DeviceMap.CPU);
    int gpus = Engine.getEngine("PyTorch").getGpuCount();
    for (int i = 0; i < gpus; i++) {
      available.add("gpu:" + i);
    }
    map.validate(config, available);
    boolean anyGpu = map.devices().stream().anyMatch(d -> !d.equals(DeviceMap.CPU));
    if (computeType == DataType.FLOAT16 && !anyGpu) {
      throw new IllegalArgumentException(
          "float16 compute on the CPU is ~50x slower than float32; place the model on a GPU or use"
              + " float32");
    }
  }

  public Device embeddingDevice() {
    return DeviceMap.device(map.embeddingDevice());
  }

  public Device headDevice() {
    return DeviceMap.device(map.headDevice());
  }

  public Device layerDevice(int layer) {
    return DeviceMap.device(map.deviceOfLayer(layer));
  }
}
