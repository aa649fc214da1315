package org.opticl.model.device;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;

/**
 * The outcome of planning a model onto devices: the map to load with, what each device will hold,
 * and a verdict with a sentence a person can act on (which device overflows by how much, and what
 * would fit instead). A plan that does not fit still carries its map and usage so the report shows
 * where the memory goes.
 *
 * @param map where every part of the model lives
 * @param perDevice usage of every listed device, in the order given (unused ones included)
 * @param fits whether every device's total is within its capacity
 * @param message the verdict, naming the tightest or overflowing device
 */
public record MemoryPlan(DeviceMap map, List<DeviceUsage> perDevice, boolean fits, String message) {

  public MemoryPlan {
    perDevice = List.copyOf(perDevice);
  }

  public long totalWeightBytes() {
    return perDevice.stream().mapToLong(DeviceUsage::weightBytes).sum();
  }

  public long totalActivationBytes() {
    return perDevice.stream().mapToLong(DeviceUsage::activationBytes).sum();
  }

  public long totalBytes() {
    return perDevice.stream().mapToLong(DeviceUsage::totalBytes).sum();
  }

  public long totalCapacityBytes() {
    return perDevice.stream().mapToLong(DeviceUsage::capacityBytes).sum();
  }

  /** Bytes as decimal gigabytes (10^9) with two decimals, the unit every plan reports in. */
  public static String gb(long bytes) {
    return String.format(Locale.ROOT, "%.2f", bytes / 1e9);
  }

  /** A capacity as a user would write it: {@code 80GB}, {@code 85.5GB}. */
  public static String size(long bytes) {
    return new BigDecimal(gb(bytes)).stripTrailingZeros().toPlainString() + "GB";
  }
}
