package org.opticl.model.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.DataType;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opticl.model.config.OptConfig;

class MemoryPlannerTest {
  private static final OptConfig OPT_66B = OptConfig.variant("66b");
  private static final Workload ONE_FULL_SEQUENCE = Workload.inference(1, 2048);

  private static MemoryPlan plan66b(DataType dtype, Workload workload, String devices) {
    return new MemoryPlanner(OPT_66B, dtype, workload).plan(DeviceCapacity.parseList(devices));
  }

  @Test
  void opt66bHalfPrecisionWeighs131GB() {
    assertEquals(65_719_701_504L, OPT_66B.parameterCount());
    MemoryPlanner fp16 = new MemoryPlanner(OPT_66B, DataType.FLOAT16, ONE_FULL_SEQUENCE);
    assertEquals(131_439_403_008L, fp16.totalWeightBytes());
    // one decoder layer ≈ 1.02B parameters ≈ 2.04 GB, as paper-spec §8 says
    assertEquals(2_038_671_360L, fp16.layerWeightBytes());
  }

  @ParameterizedTest
  @ValueSource(strings = {"125m", "350m", "1.3b", "66b"})
  void partsAddUpToTheParameterCount(String shape) {
    OptConfig config = OptConfig.variant(shape);
    MemoryPlanner p = new MemoryPlanner(config, DataType.BFLOAT16, Workload.inference(1, 8));
    assertEquals(
        p.totalWeightBytes(),
        config.numLayers() * p.layerWeightBytes()
            + p.embeddingWeightBytes()
            + p.headWeightBytes(true));
  }

  @Test
  void opt66bHalfFitsTwo80GBGpusWithHalfTheLayersEach() {
    MemoryPlan plan = plan66b(DataType.FLOAT16, ONE_FULL_SEQUENCE, "2x80GB");
    assertTrue(plan.fits(), plan.message());
    assertEquals("embed=gpu:0;0-31=gpu:0;32-63=gpu:1;head=gpu:0", plan.map().toSpec());
    assertTrue(plan.message().startsWith("fits (float16, batch 1 × seq 2048, inference"));
  }

  @Test
  void opt66bHalfFitsOne141GBGpu() {
    MemoryPlan plan = plan66b(DataType.FLOAT16, ONE_FULL_SEQUENCE, "1x141GB");
    assertTrue(plan.fits(), plan.message());
    assertEquals(DeviceMap.allOn("gpu:0", 64), plan.map());
    DeviceUsage gpu = plan.perDevice().get(0);
    assertTrue(gpu.capacityBytes() - gpu.totalBytes() > 4_000_000_000L, plan.message());
  }

  @Test
  void opt66bHalfDoesNotFitOne80GBGpuAndSaysByHowMuch() {
    MemoryPlan plan = plan66b(DataType.FLOAT16, ONE_FULL_SEQUENCE, "1x80GB");
    assertFalse(plan.fits());
    DeviceUsage gpu = plan.perDevice().get(0);
    assertFalse(gpu.fits());
    assertTrue(gpu.overflowBytes() > 51_000_000_000L); // the weights alone are 131.4 GB
    assertTrue(
        plan.message().contains("gpu:0 needs 136.01 GB of 80.00 GB (over by 56.01 GB)"),
        plan.message());
    assertTrue(plan.message().endsWith("Would fit: 2x80GB"), plan.message());
  }

  @Test
  void opt66bHalfOnEight40GBGpusGetsEightLayersEach() {
    MemoryPlan plan = plan66b(DataType.FLOAT16, ONE_FULL_SEQUENCE, "8x40GB");
    assertTrue(plan.fits(), plan.message());
    for (DeviceUsage u : plan.perDevice()) {
      assertEquals(8, u.layers().size(), u.device());
    }
    DeviceUsage first = plan.perDevice().get(0);
    assertEquals("embed,0-7,head", first.placement());
    assertEquals(List.of(8, 16, 24, 32, 40, 48, 56, 64), plan.map().boundaries());
  }

  @Test
  void opt66bSinglePrecisionDoesNotFitTwo80GBGpusAndSuggestsHalf() {
    MemoryPlan plan = plan66b(DataType.FLOAT32, ONE_FULL_SEQUENCE, "2x80GB");
    assertFalse(plan.fits());
    assertTrue(plan.message().startsWith("does not fit (float32"), plan.message());
    assertTrue(plan.message().contains("gpu:1 needs"), plan.message());
    assertTrue(
        plan.message().endsWith("Would fit: 4x80GB; or float16 or bfloat16 on these devices"),
        plan.message());
  }

  @Test
  void bytesPerDeviceSumToTheTotals() {
    MemoryPlanner planner = new MemoryPlanner(OPT_66B, DataType.FLOAT16, ONE_FULL_SEQUENCE);
    for (String devices : List.of("8x40GB", "2x80GB", "1x141GB", "1x80GB", "3x48GB,cpu=1TB")) {
      MemoryPlan plan = planner.plan(DeviceCapacity.parseList(devices));
      assertEquals(planner.totalWeightBytes(), plan.totalWeightBytes(), devices);
      long sum = 0;
      for (DeviceUsage u : plan.perDevice()) {
        assertEquals(u.weightBytes() + u.activationBytes() + u.reserveBytes(), u.totalBytes());
        sum += u.totalBytes();
      }
      assertEquals(sum, plan.totalBytes(), devices);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "8x40GB",
        "2x80GB",
        "1x80GB",
        "gpu:0=80GB,gpu:1=40GB,gpu:2=24GB",
        "3x24GB",
        "7x40GB",
        "2x40GB,cpu=512GB",
        "cpu=300GB"
      })
  void plannedRangesAreContiguousAndCoverEveryLayerOnce(String devices) {
    MemoryPlan plan = plan66b(DataType.FLOAT16, ONE_FULL_SEQUENCE, devices);
    List<DeviceMap.LayerRange> ranges = plan.map().ranges();
    assertEquals(0, ranges.get(0).first());
    assertEquals(63, ranges.get(ranges.size() - 1).last());
    for (int i = 1; i < ranges.size(); i++) {
      assertEquals(ranges.get(i - 1).last() + 1, ranges.get(i).first());
    }
    // one range per device: the pipeline never returns to a device it has left
    assertEquals(
        ranges.size(), ranges.stream().map(DeviceMap.LayerRange::device).distinct().count());
    assertEquals(64, plan.perDevice().stream().mapToInt(u -> u.layers().size()).sum());
  }

  @Test
  void largerDevicesTakeMoreLayers() {
    MemoryPlan plan =
        plan66b(DataType.FLOAT16, ONE_FULL_SEQUENCE, "gpu:0=40GB,gpu:1=80GB,gpu:2=80GB");
    assertTrue(plan.fits(), plan.message());
    // each device can hold 16, 36 and 36 layers: the split follows that 4:9:9 ratio
    assertEquals(
        List.of(12, 26, 26), plan.perDevice().stream().map(u -> u.layers().size()).toList());
  }

  @Test
  void cpuTakesOnlyTheLayersTheGpusCannotHoldAtTheEnd() {
    MemoryPlan plan = plan66b(DataType.FLOAT16, ONE_FULL_SEQUENCE, "cpu=512GB,2x40GB");
    assertTrue(plan.fits(), plan.message());
    DeviceMap map = plan.map();
    assertEquals("gpu:0", map.embeddingDevice());
    assertEquals("gpu:0", map.headDevice());
    assertEquals("cpu", map.deviceOfLayer(63));
    int gpuLayers = map.layersOn("gpu:0").size() + map.layersOn("gpu:1").size();
    assertEquals(64 - gpuLayers, map.layersOn("cpu").size());
    assertTrue(gpuLayers >= 32, "GPUs hold " + gpuLayers);
    // the GPUs are full: one more layer would not fit on either
    for (DeviceUsage u : plan.perDevice()) {
      if (u.device().startsWith("gpu")) {
        assertTrue(u.totalBytes() + 2_038_671_360L > u.capacityBytes(), u.device());
      }
    }
  }

  @Test
  void headMaskGradientsKeepEveryLayersActivations() {
    MemoryPlanner inference =
        new MemoryPlanner(OPT_66B, DataType.FLOAT16, Workload.inference(1, 1024));
    MemoryPlanner gradients =
        new MemoryPlanner(OPT_66B, DataType.FLOAT16, Workload.headImportance(1, 1024));
    assertEquals(0, inference.layerSavedBytes());
    assertTrue(gradients.layerSavedBytes() > 0);
    assertEquals(
        inference.activationBytes(8, false, false) + 8 * gradients.layerSavedBytes(),
        gradients.activationBytes(8, false, false));
  }

  @Test
  void importanceAtFullLengthOverflows40GBGpusAndSuggestsShorterSequences() {
    MemoryPlan plan = plan66b(DataType.FLOAT16, Workload.headImportance(1, 2048), "8x40GB");
    assertFalse(plan.fits());
    assertTrue(plan.message().contains("; or seq ≤ "), plan.message());
    assertTrue(plan66b(DataType.FLOAT16, Workload.headImportance(1, 1024), "8x40GB").fits());
  }

  @Test
  void paperMapHoldsImportanceOnEight40GBGpusWithCpuOffload() {
    MemoryPlanner planner =
        new MemoryPlanner(OPT_66B, DataType.FLOAT16, Workload.headImportance(1, 1024));
    MemoryPlan plan =
        planner.evaluate(DeviceMap.paperOpt66b(), DeviceCapacity.parseList("8x40GB,cpu=512GB"));
    assertTrue(plan.fits(), plan.message());
    assertEquals("embed,0-3,head", plan.perDevice().get(0).placement());
    assertEquals("60-63", plan.perDevice().get(8).placement());
    assertEquals(
        0,
        plan.perDevice().get(8).reserveBytes()
            - (long)
                Math.ceil(
                    plan.perDevice().get(8).activationBytes() * MemoryPlanner.ACTIVATION_SLACK));
  }

  @Test
  void evaluatingAMapNeedsEveryDeviceItUses() {
    MemoryPlanner planner = new MemoryPlanner(OPT_66B, DataType.FLOAT16, ONE_FULL_SEQUENCE);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> planner.evaluate(DeviceMap.paperOpt66b(), DeviceCapacity.parseList("8x40GB")));
    assertEquals(
        "device map puts layers 60-63 on cpu, which is not in the device list [gpu:0, gpu:1,"
            + " gpu:2, gpu:3, gpu:4, gpu:5, gpu:6, gpu:7]; add it, e.g. cpu=512GB",
        e.getMessage());
  }

  @Test
  void headAwayFromTheEmbeddingsStoresASecondTokenTable() {
    MemoryPlanner planner = new MemoryPlanner(OPT_66B, DataType.FLOAT16, ONE_FULL_SEQUENCE);
    DeviceMap split = DeviceMap.parse("embed=gpu:0;0-31=gpu:0;32-63=gpu:1;head=gpu:1", 64);
    MemoryPlan plan = planner.evaluate(split, DeviceCapacity.parseList("2x80GB"));
    long tokenTable = 50272L * 9216 * 2;
    assertEquals(planner.totalWeightBytes() + tokenTable, plan.totalWeightBytes());
  }

  @Test
  void unusedDevicesHoldNothingAndNoContext() {
    MemoryPlan plan = plan66b(DataType.FLOAT16, ONE_FULL_SEQUENCE, "2x80GB,cpu=1TB");
    DeviceUsage cpu = plan.perDevice().get(2);
    assertEquals("-", cpu.placement());
    assertEquals(0, cpu.totalBytes());
  }

  @Test
  void sequencesLongerThanThePositionTableAreRejected() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new MemoryPlanner(OPT_66B, DataType.FLOAT16, Workload.inference(1, 4096)));
    assertEquals(
        "workload: sequence length 4096 exceeds the model's max_position_embeddings=2048",
        e.getMessage());
  }

  @Test
  void dtypeNamesFollowTorch() {
    assertEquals(DataType.FLOAT16, MemoryPlanner.dtype("fp16"));
    assertEquals(DataType.BFLOAT16, MemoryPlanner.dtype("bfloat16"));
    assertEquals(DataType.FLOAT32, MemoryPlanner.dtype("float32"));
    assertEquals("bfloat16", MemoryPlanner.dtypeName(DataType.BFLOAT16));
    assertThrows(IllegalArgumentException.class, () -> MemoryPlanner.dtype("int8"));
  }
}
