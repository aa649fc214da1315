package org.opticl.model.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.opticl.model.config.OptConfig;

class DeviceMapTest {
  private static final String PAPER_SPEC =
      "embed=gpu:0;0-3=gpu:0;4-11=gpu:1;12-19=gpu:2;20-27=gpu:3;28-35=gpu:4;36-43=gpu:5;"
          + "44-51=gpu:6;52-59=gpu:7;60-63=cpu;head=gpu:0";

  @Test
  void paperOpt66bPlacesLayersAsTheOriginalCode() {
    DeviceMap paper = DeviceMap.paperOpt66b();
    assertEquals(PAPER_SPEC, paper.toSpec());
    assertEquals("gpu:0", paper.deviceOfLayer(3));
    assertEquals("gpu:1", paper.deviceOfLayer(4));
    assertEquals("gpu:1", paper.deviceOfLayer(11));
    assertEquals("gpu:7", paper.deviceOfLayer(59));
    assertEquals("cpu", paper.deviceOfLayer(60));
    assertEquals("gpu:0", paper.embeddingDevice());
    assertEquals("gpu:0", paper.headDevice());
  }

  @Test
  void specRoundTripsThroughParse() {
    DeviceMap parsed = DeviceMap.parse(PAPER_SPEC, 64);
    assertEquals(DeviceMap.paperOpt66b(), parsed);
    assertEquals(PAPER_SPEC, parsed.toSpec());
    DeviceMap odd = DeviceMap.parse("embed=cpu;0=gpu:1;1-2=gpu:0;3=gpu:1;head=gpu:1", 4);
    assertEquals(odd, DeviceMap.parse(odd.toSpec(), 4));
  }

  @Test
  void rangesMayComeInAnyOrderAndSpacesAreIgnored() {
    DeviceMap map = DeviceMap.parse(" 4-7 = gpu:1 ; 0-3=gpu:0 ", 8);
    assertEquals("embed=gpu:0;0-3=gpu:0;4-7=gpu:1;head=gpu:0", map.toSpec());
  }

  @Test
  void withoutEmbedAndHeadTheyFollowLayerZero() {
    DeviceMap map = DeviceMap.parse("0-1=gpu:1;2-3=gpu:0", 4);
    assertEquals("gpu:1", map.embeddingDevice());
    assertEquals("gpu:1", map.headDevice());
  }

  @Test
  void djlAndPytorchSpellingsAreNormalised() {
    DeviceMap map = DeviceMap.parse("embed=GPU0;0=cuda:1;1=gpu2;head=CPU", 2);
    assertEquals("embed=gpu:0;0=gpu:1;1=gpu:2;head=cpu", map.toSpec());
  }

  @Test
  void devicesAreListedInTheOrderTheForwardPassReachesThem() {
    assertEquals(
        List.of("gpu:0", "gpu:1", "gpu:2", "gpu:3", "gpu:4", "gpu:5", "gpu:6", "gpu:7", "cpu"),
        DeviceMap.paperOpt66b().devices());
    assertEquals(List.of("gpu:1", "gpu:0"), DeviceMap.parse("0=gpu:1;1=gpu:0", 2).devices());
  }

  @Test
  void boundariesAreWhereTheHiddenStateChangesDeviceIncludingTheHead() {
    assertEquals(List.of(4, 12, 20, 28, 36, 44, 52, 60, 64), DeviceMap.paperOpt66b().boundaries());
    assertEquals(List.of(), DeviceMap.allOn("cpu", 12).boundaries());
    // embeddings on the CPU: the hidden state moves before layer 0
    assertEquals(List.of(0, 2), DeviceMap.parse("embed=cpu;0-1=gpu:0;head=cpu", 2).boundaries());
  }

  @Test
  void allOnPutsEveryPartOnOneDevice() {
    DeviceMap map = DeviceMap.allOn("cpu", 24);
    assertEquals(24, map.numLayers());
    assertEquals(List.of("cpu"), map.devices());
    assertEquals("embed=cpu;0-23=cpu;head=cpu", map.toSpec());
  }

  @Test
  void overlappingRangesNameBothEntriesAndTheLayer() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> DeviceMap.parse("0-11=gpu:0;8-15=gpu:1", 16));
    assertEquals(
        "device map: layer 8 is claimed by both '0-11=gpu:0' and '8-15=gpu:1'; every layer needs"
            + " exactly one device",
        e.getMessage());
  }

  @Test
  void uncoveredLayersAreListedAsRanges() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> DeviceMap.parse("0-3=gpu:0;8-11=gpu:1;13-15=gpu:1", 16));
    assertEquals(
        "device map: layers 4-7, 12 are on no device; every layer 0-15 needs exactly one",
        e.getMessage());
  }

  @Test
  void rangePastTheLastLayerIsRejected() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> DeviceMap.parse("0-31=gpu:0;32-64=gpu:1", 64));
    assertEquals(
        "device map: range 32-64 in '32-64=gpu:1' goes past the model's 64 layers (0-63)",
        e.getMessage());
  }

  @Test
  void reversedRangeSuggestsTheRightOrder() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> DeviceMap.parse("3-0=gpu:0", 4));
    assertTrue(e.getMessage().contains("range 3-0 in '3-0=gpu:0' is reversed; write 0-3"));
  }

  @Test
  void unknownDeviceNamesTheEntry() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> DeviceMap.parse("0-1=gpu:0;2-3=tpu:0", 4));
    assertEquals(
        "device map: unknown device 'tpu:0' in '2-3=tpu:0'; expected cpu, gpu:N (or gpuN, cuda:N)",
        e.getMessage());
  }

  @Test
  void malformedEntriesAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> DeviceMap.parse("0-3", 4));
    assertThrows(IllegalArgumentException.class, () -> DeviceMap.parse("layers=gpu:0", 4));
    assertThrows(
        IllegalArgumentException.class, () -> DeviceMap.parse("embed=cpu;embed=cpu;0=cpu", 1));
    assertThrows(IllegalArgumentException.class, () -> DeviceMap.parse("", 4));
  }

  @Test
  void validateNamesTheAbsentDeviceAndWhatItWouldHold() {
    OptConfig opt66b = OptConfig.variant("66b");
    Set<String> fourGpus = Set.of("cpu", "gpu:0", "gpu:1", "gpu:2", "gpu:3");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> DeviceMap.paperOpt66b().validate(opt66b, fourGpus));
    assertEquals(
        "device map puts layers 28-35 on gpu:4, which this machine does not have (available:"
            + " [cpu, gpu:0, gpu:1, gpu:2, gpu:3])",
        e.getMessage());
  }

  @Test
  void validateRejectsAMapForAnotherDepth() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> DeviceMap.allOn("cpu", 12).validate(OptConfig.variant("66b"), Set.of("cpu")));
    assertEquals(
        "device map covers 12 layers but the model has num_hidden_layers=64", e.getMessage());
  }

  @Test
  void validateReturnsTheMapWhenEveryDeviceIsPresent() {
    DeviceMap map = DeviceMap.parse("0-5=gpu0;6-11=gpu:1", 12);
    assertSame(map, map.validate(OptConfig.variant("125m"), Set.of("cpu", "gpu:0", "gpu1")));
  }

  @Test
  void djlDevicesComeFromOurNamesWithoutStartingTheEngine() {
    assertEquals(Device.cpu(), DeviceMap.device("cpu"));
    assertEquals(Device.gpu(3), DeviceMap.device("gpu:3"));
    assertEquals(Device.gpu(1), DeviceMap.device("cuda:1"));
  }

  @Test
  void forMachineWithoutGpusRunsEverythingOnTheCpu() {
    OptConfig config = OptConfig.variant("125m");
    DeviceMap map =
        DeviceMap.forMachine(config, DataType.FLOAT32, Workload.inference(2, 512), List.of());
    assertEquals(DeviceMap.allOn("cpu", 12), map);
  }

  @Test
  void forMachineWithGpusUsesTheBalancedPlan() {
    OptConfig config = OptConfig.variant("66b");
    DeviceMap map =
        DeviceMap.forMachine(
            config,
            DataType.FLOAT16,
            Workload.inference(1, 2048),
            DeviceCapacity.parseList("2x80GB"));
    assertEquals("embed=gpu:0;0-31=gpu:0;32-63=gpu:1;head=gpu:0", map.toSpec());
  }

  @Test
  void forMachineRefusesGpusTheModelDoesNotFit() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                DeviceMap.forMachine(
                    OptConfig.variant("66b"),
                    DataType.FLOAT16,
                    Workload.inference(1, 2048),
                    DeviceCapacity.parseList("1x80GB")));
    assertTrue(e.getMessage().startsWith("does not fit"), e.getMessage());
  }
}
