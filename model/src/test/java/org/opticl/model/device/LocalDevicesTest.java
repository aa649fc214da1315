package org.opticl.model.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.DataType;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.opticl.model.config.OptConfig;

/** Runs on whatever machine the build is on: CPU-only in CI, GPUs on a worker. */
class LocalDevicesTest {

  @Test
  void thisMachinesMapUsesOnlyDevicesItHas() {
    OptConfig config = OptConfig.variant("125m");
    List<DeviceCapacity> gpus = LocalDevices.gpus();
    Set<String> available = LocalDevices.available();
    assertTrue(available.contains("cpu"));
    gpus.forEach(g -> assertTrue(available.contains(g.name()), g.name()));

    DeviceMap map = DeviceMap.forMachine(config, DataType.FLOAT32, Workload.inference(1, 128));
    assertSame(map, map.validate(config, available));
    if (gpus.isEmpty()) {
      assertEquals(DeviceMap.allOn("cpu", 12), map);
    } else {
      assertEquals("gpu:0", map.embeddingDevice());
    }
  }
}
