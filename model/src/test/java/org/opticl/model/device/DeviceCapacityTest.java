package org.opticl.model.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DeviceCapacityTest {

  @Test
  void gbIsDecimalAndGibIsBinary() {
    assertEquals(40_000_000_000L, DeviceCapacity.parseBytes("40GB"));
    assertEquals(85_899_345_920L, DeviceCapacity.parseBytes("80GiB"));
    assertEquals(85_520_809_984L, DeviceCapacity.parseBytes("81559MiB")); // nvidia-smi, H100
    assertEquals(141_000_000_000L, DeviceCapacity.parseBytes("141 gb"));
    assertEquals(1_500_000_000L, DeviceCapacity.parseBytes("1.5GB"));
    assertEquals(1_000_000_000_000L, DeviceCapacity.parseBytes("1TB"));
  }

  @Test
  void bareNumbersAreRejectedAsAmbiguous() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> DeviceCapacity.parseBytes("80"));
    assertTrue(e.getMessage().contains("needs a unit: GB (10^9 bytes), GiB (2^30)"));
  }

  @Test
  void countTimesSizeNumbersGpusFromZero() {
    List<DeviceCapacity> gpus = DeviceCapacity.parseList("8x40GB");
    assertEquals(8, gpus.size());
    assertEquals(new DeviceCapacity("gpu:0", 40_000_000_000L), gpus.get(0));
    assertEquals(new DeviceCapacity("gpu:7", 40_000_000_000L), gpus.get(7));
    assertEquals(
        List.of(new DeviceCapacity("gpu:0", 141_000_000_000L)),
        DeviceCapacity.parseList("1x141GB"));
  }

  @Test
  void namedDevicesAndGroupsCombine() {
    assertEquals(
        List.of(
            new DeviceCapacity("gpu:0", 80_000_000_000L),
            new DeviceCapacity("gpu:1", 80_000_000_000L)),
        DeviceCapacity.parseList("gpu:0=80GB,gpu:1=80GB"));
    List<DeviceCapacity> mixed = DeviceCapacity.parseList("gpu:0=80GB,2x40GB,cpu=1TB");
    assertEquals(
        List.of("gpu:0", "gpu:1", "gpu:2", "cpu"),
        mixed.stream().map(DeviceCapacity::name).toList());
    assertEquals(1_000_000_000_000L, mixed.get(3).bytes());
  }

  @Test
  void aBareSizeIsOneMoreGpu() {
    assertEquals(
        List.of(
            new DeviceCapacity("gpu:0", 85_520_809_984L),
            new DeviceCapacity("gpu:1", 85_520_809_984L)),
        DeviceCapacity.parseList("81559MiB, 81559MiB"));
  }

  @Test
  void aDeviceListedTwiceIsRejected() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> DeviceCapacity.parseList("gpu:1=40GB,2x40GB,gpu:1=80GB"));
    assertTrue(e.getMessage().contains("gpu:1 is listed twice"), e.getMessage());
  }

  @Test
  void unreadableItemsSayWhatIsExpected() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> DeviceCapacity.parseList("lots"));
    assertEquals(
        "devices: 'lots' is none of NxSIZE (8x40GB), SIZE (80GB) or NAME=SIZE (gpu:0=80GB); sizes"
            + " need a unit: GB (10^9 bytes) or GiB (2^30)",
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> DeviceCapacity.parseList("80"));
  }
}
